import Foundation
import HTTPTypes
import Hummingbird

/// The one way handlers read query parameters, request headers and cookies, so that what they read can be
/// watched: while a test sets ``RequestInputLog/current``, every name read is recorded, and the
/// test holds the OpenAPI document to what the handlers really take.
extension Request {
    func query(_ name: String) -> Substring? {
        RequestInputLog.current?.record(.query, name)
        return uri.queryParameters[Substring(name)]
    }

    func header(_ name: HTTPField.Name) -> String? {
        RequestInputLog.current?.record(.header, name.canonicalName)
        return headers[name]
    }

    /// Every value of a header that may be sent more than once (`X-Forwarded-For`), in order.
    func headerValues(_ name: HTTPField.Name) -> [String] {
        RequestInputLog.current?.record(.header, name.canonicalName)
        return headers[values: name]
    }

    func cookie(_ name: String) -> String? {
        RequestInputLog.current?.record(.cookie, name)
        return cookies[name]?.value
    }
}

/// The inputs read while it is the task's current log (nil, and free, outside tests).
final class RequestInputLog: @unchecked Sendable {
    enum Kind: String, Sendable { case query, header, cookie }
    struct Input: Hashable, Sendable, CustomStringConvertible {
        let kind: Kind
        let name: String
        var description: String { "\(kind.rawValue) \(name)" }
    }

    @TaskLocal static var current: RequestInputLog?

    private let lock = NSLock()
    private var inputs: Set<Input> = []

    func record(_ kind: Kind, _ name: String) {
        lock.withLock { _ = inputs.insert(Input(kind: kind, name: name)) }
    }

    var recorded: Set<Input> { lock.withLock { inputs } }
}
