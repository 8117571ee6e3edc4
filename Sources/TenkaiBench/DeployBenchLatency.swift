import AWSClient

/// Adds a fixed delay to every request, so a benchmark against a local emulator sees the round
/// trips a real region has (and parallel stacks can overlap them as they would there).
struct DeployBenchLatency: HTTPTransport {
    let wrapped: any HTTPTransport
    let delay: Duration

    func send(_ request: HTTPRequest, receivingBodyIn destination: HTTPResponseDestination) async throws -> HTTPResponse {
        try await Task.sleep(for: delay)
        return try await wrapped.send(request, receivingBodyIn: destination)
    }
}
