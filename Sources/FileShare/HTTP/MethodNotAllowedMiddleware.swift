import HTTPTypes
import Hummingbird

/// Answers a served path (API or web page) called with the wrong method with `405 Method Not
/// Allowed` and an `Allow` header (RFC 9110 §15.5.6), instead of the router's bare 404. The methods
/// come from the router's own routes (``RouteTable``).
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty else { throw error }
            let list = allowed.joined(separator: ", ")
            throw AppError(.methodNotAllowed, status: .methodNotAllowed,
                           message: "\(request.uri.path) does not take \(request.method.rawValue); use \(list).",
                           headers: [.allow: list])
        }
    }
}
