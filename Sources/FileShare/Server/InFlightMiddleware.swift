import Hummingbird

/// Counts a response as in flight until its body has been written to the connection (a download
/// streams long after the handler returned), so shutdown can wait for it.
struct InFlightMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let state: ShutdownState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        state.responseStarted()
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            state.responseFinished()
            throw error
        }
        // A HEAD response's body is dropped unwritten.
        guard request.method != .head else {
            state.responseFinished()
            return response
        }
        let state = state
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { state.responseFinished() }
            try await body.write(writer)
        }
        return response
    }
}
