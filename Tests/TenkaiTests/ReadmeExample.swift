// README.md's "Writing a system" example, verbatim: compiling this file compiles the README.
// ReadmeExampleTests checks the two stay the same.
import Tenkai

/// What each environment file sets under `systems.shop`.
public struct ShopSettings: Decodable, Sendable {
    /// How many days uploads are kept.
    public var uploadDays: Int
    /// Whether production keeps an audit bucket (default yes).
    public var audit: Bool?
}

public let shop = System("shop", settings: ShopSettings.self) { env, settings in
    let uploads = Bucket("uploads")
        .cors(allowedOrigins: ["https://\(env.domain)"])
        .expireObjects(after: settings.uploadDays)
    let thumbnails = Function("thumbnails", runtime: .nodejs22, handler: "index.handler",
                              code: .s3(bucket: "shop-artifacts", key: "thumbnails-1.0.0.zip"))
        .environment("UPLOADS_BUCKET", uploads.bucketName)
        .granting(.readWrite, on: uploads)
    Stack("data") {
        uploads
        thumbnails
    }
    if env.isProduction, settings.audit ?? true {
        Stack("audit") { Bucket("audit-logs").retained() }
    }
}
