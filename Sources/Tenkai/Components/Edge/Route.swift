import TenkaiCore

/// One method on one path of a ``RestApi``, proxied to a Lambda function.
///
/// Path parameters are written in braces, as API Gateway has them:
///
/// ```swift
/// Route(.get, "/spots/{spotId}", to: showSpot)
/// Route(.get, "/health", to: health, authorization: .none)
/// ```
public struct Route: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    }

    /// Who may call the route.
    public enum Authorization: Sendable, Hashable {
        /// Signed-in users of the API's user pool.
        case userPool
        /// Anyone (a public endpoint).
        case none
    }

    public var method: Method
    public var path: String
    public var functionName: String
    public var functionLogicalID: String
    public var authorization: Authorization

    public init(_ method: Method, _ path: String, to function: Function, authorization: Authorization = .userPool) {
        self.method = method
        self.path = path
        self.functionName = function.name
        self.functionLogicalID = function.logicalID
        self.authorization = authorization
    }

    /// The path's segments (`/spots/{spotId}` → `spots`, `{spotId}`).
    var segments: [String] { path.split(separator: "/").map(String.init) }

    /// Whether the path is `/` and segments of letters, digits, `-`, `_`, `.` or one `{parameter}`.
    var isValidPath: Bool {
        guard path.hasPrefix("/") else { return false }
        return segments.allSatisfy { segment in
            let body = segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : segment
            return !body.isEmpty && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
    }
}

/// The builder of a ``RestApi`` body.
public typealias RouteBuilder = ListBuilder<Route>
