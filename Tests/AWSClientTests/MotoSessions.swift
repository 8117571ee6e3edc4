import AWSClient
import Foundation
import TestSupport

/// Sessions pointed at a moto server on 127.0.0.1.
enum MotoSessions {
    static let region = "us-east-1"

    /// A session signing with the moto IAM user's key, or with `secret` instead of its real secret.
    static func session(
        _ moto: MotoServer, secret: String? = nil, retryPolicy: RetryPolicy = RetryPolicy(baseDelay: .milliseconds(10))
    ) throws -> AWSSession {
        let keys = moto.credentials ?? MotoServer.Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "unchecked")
        return AWSSession(
            region: region,
            credentials: StaticCredentialProvider(AWSCredentials(
                accessKeyID: keys.accessKeyID, secretAccessKey: secret ?? keys.secretAccessKey
            )),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.endpoint.absoluteString]),
            retryPolicy: retryPolicy
        )
    }

    /// A name no other test uses, so tests can share one emulator.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
