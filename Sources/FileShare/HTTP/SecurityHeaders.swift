import HTTPTypes
import Hummingbird

/// Headers every response carries: a strict Content-Security-Policy (only our own scripts and
/// styles, no framing, no plug-ins), no MIME sniffing, no referrer leaking share-link tokens, and
/// HSTS wherever the service is reached over HTTPS.
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let openerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!

    static func apply(to headers: inout HTTPFields, strictTransportSecurity: Bool = false) {
        if strictTransportSecurity { headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[referrerPolicy] = "no-referrer"
        headers[frameOptions] = "DENY"
        headers[openerPolicy] = "same-origin"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }
}
