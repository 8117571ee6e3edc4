import HTTPTypes
import Hummingbird

/// Answers a known API path called with the wrong method with `405 Method Not Allowed` and an
/// `Allow` header (RFC 9110 §15.5.6), instead of the router's bare 404. The methods come from the
/// endpoint table the OpenAPI document is built from.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            let allowed = Self.methods(for: request.uri.path)
            guard !allowed.isEmpty else { throw error }
            let list = allowed.joined(separator: ", ")
            throw AppError(.methodNotAllowed, status: .methodNotAllowed,
                           message: "\(request.uri.path) does not take \(request.method.rawValue); use \(list).",
                           headers: [.allow: list])
        }
    }

    /// The methods the endpoint table lists for a concrete path (`HEAD` wherever `GET` is).
    static func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var methods = OpenAPIDocument.endpoints.filter { endpoint in
            let pattern = endpoint.path.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") ? !$1.isEmpty : $0 == $1 }
        }.map { $0.method.uppercased() }
        if methods.contains("GET") { methods.append("HEAD") }
        return Array(Set(methods)).sorted()
    }
}
