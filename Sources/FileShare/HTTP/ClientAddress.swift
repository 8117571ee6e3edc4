import HTTPTypes
import Foundation
import Hummingbird

/// The caller's address for rate limits and the audit log: the socket peer, or the first
/// `X-Forwarded-For` hop when the service is configured to trust its load balancer.
enum ClientAddress {
    static func of(_ request: Request, context: AppRequestContext, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[.xForwardedFor],
           let first = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty {
            return String(first.prefix(64))
        }
        return context.channelAddress
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xRequestID = Self("X-Request-ID")!
    static let xCSRF = Self("X-CSRF")!
    static let xSharePassword = Self("X-Share-Password")!
    static let xChecksumSHA256 = Self("X-Checksum-SHA256")!
}
