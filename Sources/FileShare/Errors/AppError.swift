import Foundation
import HTTPTypes
import Hummingbird

/// An error the service reports to its caller: an HTTP status, a stable machine-readable code,
/// a sentence saying what went wrong and how to fix it, and optional context values.
///
/// Handlers throw these; anything else that escapes a handler becomes a 500 without details,
/// so internal state never leaks.
///
/// ```swift
/// throw AppError.badRequest("name", "A file name must not contain '/'.")
/// ```
public struct AppError: Error, HTTPResponseError, CustomStringConvertible {
    /// A stable, documented identifier clients can switch on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public var description: String { rawValue }

        public static let badRequest = Code(rawValue: "bad_request")
        public static let unauthorized = Code(rawValue: "unauthorized")
        public static let forbidden = Code(rawValue: "forbidden")
        public static let notFound = Code(rawValue: "not_found")
        public static let conflict = Code(rawValue: "conflict")
        public static let methodNotAllowed = Code(rawValue: "method_not_allowed")
        public static let gone = Code(rawValue: "gone")
        public static let tooLarge = Code(rawValue: "too_large")
        public static let unsupportedMediaType = Code(rawValue: "unsupported_media_type")
        public static let rangeNotSatisfiable = Code(rawValue: "range_not_satisfiable")
        public static let tooManyRequests = Code(rawValue: "too_many_requests")
        public static let unavailable = Code(rawValue: "unavailable")
        public static let configuration = Code(rawValue: "configuration")
    }

    public var code: Code
    public var status: HTTPResponse.Status
    public var message: String
    public var context: [String: String]
    public var headers: HTTPFields

    public init(
        _ code: Code, status: HTTPResponse.Status, message: String,
        context: [String: String] = [:], headers: HTTPFields = [:]
    ) {
        self.code = code
        self.status = status
        self.message = message
        self.context = context
        self.headers = headers
    }

    public var description: String {
        let details = context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        return "\(code): \(message)" + (details.isEmpty ? "" : " (\(details))")
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let payload = ErrorBody(error: .init(
            code: code.rawValue, message: message, context: self.context.isEmpty ? nil : self.context))
        let data = try JSONEncoder().encode(payload)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension AppError {
    static func badRequest(_ field: String, _ message: String) -> AppError {
        AppError(.badRequest, status: .badRequest, message: message, context: ["field": field])
    }

    static func unauthorized(_ message: String = "Log in first: send 'Authorization: Bearer <token>'.") -> AppError {
        AppError(.unauthorized, status: .unauthorized, message: message,
                 headers: [.wwwAuthenticate: "Bearer realm=\"fileshare\""])
    }

    static func forbidden(_ message: String) -> AppError {
        AppError(.forbidden, status: .forbidden, message: message)
    }

    static func notFound(_ what: String) -> AppError {
        AppError(.notFound, status: .notFound, message: "No such \(what), or you have no access to it.")
    }

    static func conflict(_ message: String) -> AppError {
        AppError(.conflict, status: .conflict, message: message)
    }

    static func gone(_ message: String) -> AppError {
        AppError(.gone, status: .gone, message: message)
    }

    static func tooLarge(limit: Int) -> AppError {
        AppError(.tooLarge, status: .contentTooLarge,
                 message: "The upload is larger than the limit of \(limit) bytes; upload it in parts or ask an administrator to raise MAX_FILE_SIZE.",
                 context: ["limit": String(limit)])
    }

    static func unsupportedMediaType(_ message: String) -> AppError {
        AppError(.unsupportedMediaType, status: .unsupportedMediaType, message: message)
    }
}

/// The JSON shape of every error response: `{"error": {"code": …, "message": …, "context": …}}`.
struct ErrorBody: Codable {
    struct Detail: Codable {
        let code: String
        let message: String
        let context: [String: String]?
    }
    let error: Detail
}
