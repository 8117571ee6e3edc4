import Foundation
import Hummingbird

/// Serves the OpenAPI 3.1 description of the JSON API at `/openapi.json`.
struct OpenAPIController: Sendable {
    func addRoutes(to router: Router<AppRequestContext>) {
        let document = OpenAPIDocument.json()
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
    }
}
