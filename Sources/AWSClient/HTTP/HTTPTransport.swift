/// Sends HTTP requests. ``CurlTransport`` is the real one; tests of single pieces may fake it.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response whatever its status; throws only when no
    /// complete response arrived (connection failure, time-out, cancellation, file errors).
    func send(_ request: HTTPRequest, receivingBodyIn destination: HTTPResponseDestination) async throws -> HTTPResponse
}

extension HTTPTransport {
    /// Sends `request`, collecting the response body in memory.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await send(request, receivingBodyIn: .memory)
    }
}
