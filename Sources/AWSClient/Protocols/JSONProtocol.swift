import FoundationEssentials

/// AWS JSON 1.0/1.1: `POST /` with `X-Amz-Target: <prefix>.<Operation>` and a JSON body whose
/// keys are the API's member names; timestamps are seconds since 1970.
enum JSONProtocol {
    static func request(_ service: AWSService, operation: String, input: some Encodable, isRetrySafe: Bool) throws -> AWSRequest {
        guard case .json(let version, let targetPrefix) = service.wireProtocol else {
            throw ConfigurationError("\(service.name) does not speak the JSON protocol")
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return AWSRequest(
            service: service, operation: operation, method: "POST",
            headers: ["Content-Type": "application/x-amz-json-\(version)", "X-Amz-Target": "\(targetPrefix).\(operation)"],
            body: .data(try encoder.encode(input)), isRetrySafe: isRetrySafe
        )
    }

    static func decode<Output: Decodable>(_ type: Output.Type, from response: HTTPResponse, service: AWSService, operation: String) throws -> Output {
        if let page = UnexpectedAnswer.htmlPage(response, service: service, operation: operation) { throw page }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        do {
            return try decoder.decode(Output.self, from: response.body.isEmpty ? Data("{}".utf8) : response.body)
        } catch {
            throw QueryProtocol.unreadable(response, service: service, operation: operation, reason: QueryProtocol.describe(error))
        }
    }
}

extension AWSSession {
    /// Calls a JSON-protocol operation and decodes its answer.
    func json<Output: Decodable>(
        _ service: AWSService, _ operation: String, _ input: some Encodable, isRetrySafe: Bool = true,
        as output: Output.Type = Output.self
    ) async throws -> Output {
        let response = try await send(try JSONProtocol.request(service, operation: operation, input: input, isRetrySafe: isRetrySafe))
        return try JSONProtocol.decode(Output.self, from: response, service: service, operation: operation)
    }
}
