import HTTPTypes
import Hummingbird

/// A browser that asks a web page for something it cannot answer (a path that does not exist,
/// a method the page does not take) gets a small HTML page, not the API's JSON error; the
/// status and headers (`Allow` on a 405) stay the same. The JSON API and the operations routes
/// keep their JSON errors.
struct WebErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The statuses a page answers in HTML; other errors of the share downloads keep their JSON.
    static let statuses: Set<HTTPResponse.Status> = [.notFound, .methodNotAllowed]

    /// Whether `path` belongs to the web UI: not the API and not a machine route.
    static func isWebPath(_ path: String) -> Bool {
        let machine = ["/api", "/healthz", "/readyz", "/metrics", "/openapi.json"]
        return !machine.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as AppError where Self.statuses.contains(error.status) && Self.isWebPath(request.uri.path) {
            return Self.page(status: error.status, message: error.message, headers: error.headers)
        } catch let error as HTTPError where Self.statuses.contains(error.status) && Self.isWebPath(request.uri.path) {
            return Self.page(status: error.status, message: error.body ?? "There is no page at \(request.uri.path).",
                             headers: error.headers)
        }
    }

    static func page(status: HTTPResponse.Status, message: String, headers: HTTPFields) -> Response {
        let title = status == .methodNotAllowed ? "Not allowed" : "Not found"
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        let body = HTML.page(title: title, body: """
            <h1>\(title)</h1><p class="error">\(HTML.escape(message))</p><p><a href="/">Back to projects</a></p>
            """)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
