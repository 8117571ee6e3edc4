import FoundationEssentials

/// The whole-operation deadline, and errors that say which operation on which endpoint failed.
extension AWSSession {
    /// Runs one attempt, abandoning (cancelling) it when `deadline` passes first.
    func attemptWithin(
        _ deadline: ContinuousClock.Instant?, _ body: @escaping @Sendable () async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        guard let deadline else { return try await body() }
        return try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else { throw DeadlinePassed() }
            return response
        }
    }

    func timeout(_ request: AWSRequest, deadline: Duration, attempts: Int, lastFailure: String?) -> AWSOperationTimeout {
        AWSOperationTimeout(
            service: request.service.name, operation: request.operation, endpoint: endpointDescription(for: request),
            deadline: deadline, attempts: attempts, lastFailure: lastFailure
        )
    }

    /// A transport failure restated with the operation and endpoint it hit (`CloudFormation.DescribeStacks
    /// on https://…: connection reset`); other errors already name them or are not about the wire.
    func naming(_ error: any Error, of request: AWSRequest) -> any Error {
        guard let error = error as? HTTPTransportError, error.code != .cancelled else { return error }
        return HTTPTransportError(
            error.code, "\(request.service.name).\(request.operation) on \(endpointDescription(for: request)): \(error.message)"
        )
    }

    /// The endpoint's URL as configured (no path or query of the call), for messages.
    func endpointDescription(for request: AWSRequest) -> String {
        guard let endpoint = try? endpoints.endpoint(for: request.service, region: region) else { return "(no endpoint)" }
        return endpoint.url.absoluteString
    }
}

/// The deadline passed before an attempt finished.
struct DeadlinePassed: Error {}
