import AWSClient
import Foundation
import TestSupport

/// A tiny HTTP server on 127.0.0.1 answering from a closure: stands in for the container
/// credential endpoint and EC2 instance metadata, which tests must never reach for real.
final class StubHTTPServer: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: String
    }

    private let listener: LoopbackListener
    var url: URL { URL(string: "http://127.0.0.1:\(listener.port)")! }

    init(_ answer: @escaping @Sendable (LoopbackRequest) -> Reply) throws {
        listener = try LoopbackListener(lifetime: .seconds(60)) { connection in
            guard let request = connection.readRequest() else { return }
            let reply = answer(request)
            connection.respond(status: reply.status, headers: [("Content-Type", "application/json")], body: Data(reply.body.utf8))
        }
    }

    deinit { listener.stop() }

    static func credentialsJSON(keyID: String, expiration: Date = Date().addingTimeInterval(3600)) -> String {
        #"{"Code":"Success","AccessKeyId":"\#(keyID)","SecretAccessKey":"secret-\#(keyID)","Token":"token-\#(keyID)","Expiration":"\#(ISO8601Timestamp.format(expiration))"}"#
    }
}
