import HTTPTypes
import Foundation
import Glibc
import Hummingbird

/// The caller's address for rate limits and the audit log.
///
/// Behind `trustedProxyHops` proxies (an ALB is one), the address is the one the outermost trusted
/// proxy appended to `X-Forwarded-For`: counted from the right, because everything to the left of
/// it was written by the client. Anything that is not an IP address is ignored, so a forged entry
/// never reaches the audit log; the socket peer is the fallback.
enum ClientAddress {
    static func of(_ request: Request, context: AppRequestContext, trustedProxyHops: Int) -> String {
        guard trustedProxyHops > 0 else { return context.channelAddress }
        let hops = request.headerValues(.xForwardedFor)
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return fromForwardedFor(hops, trustedProxyHops: trustedProxyHops) ?? context.channelAddress
    }

    /// The entry `trustedProxyHops` from the right (the left-most one when the request passed fewer
    /// proxies), if it is a valid IP address.
    static func fromForwardedFor(_ hops: [String], trustedProxyHops: Int) -> String? {
        guard !hops.isEmpty, trustedProxyHops > 0 else { return nil }
        let candidate = hops[max(0, hops.count - trustedProxyHops)]
        return isIPAddress(candidate) ? candidate : nil
    }

    /// Whether `text` is an IPv4 or IPv6 address in the form `inet_pton` accepts.
    static func isIPAddress(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 45 else { return false }
        var storage = in6_addr()
        return inet_pton(AF_INET, text, &storage) == 1 || inet_pton(AF_INET6, text, &storage) == 1
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xRequestID = Self("X-Request-ID")!
    static let xCSRF = Self("X-CSRF")!
    static let xSharePassword = Self("X-Share-Password")!
    static let xChecksumSHA256 = Self("X-Checksum-SHA256")!
}
