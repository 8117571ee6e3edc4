import FoundationEssentials

/// The AWS query protocol: `POST /` with a form body `Action=…&Version=…&<input>`, answered with
/// `<ActionResponse><ActionResult>…</ActionResult></ActionResponse>`.
enum QueryProtocol {
    static func request(
        _ service: AWSService, operation: String, input: some Encodable, isRetrySafe: Bool
    ) throws -> AWSRequest {
        let parameters = [("Action", operation), ("Version", service.apiVersion)] + (try QueryEncoder().encode(input))
        return AWSRequest(
            service: service, operation: operation, method: "POST",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
            body: .data(Data(QueryEncoder.formBody(parameters).utf8)), isRetrySafe: isRetrySafe
        )
    }

    /// The `<ActionResult>` element of an answer (an empty one when the operation returns nothing).
    static func result(of response: HTTPResponse, service: AWSService, operation: String) throws -> XMLTree {
        if let page = UnexpectedAnswer.htmlPage(response, service: service, operation: operation) { throw page }
        let tree: XMLTree
        do {
            tree = try XMLTree.parse(response.body)
        } catch {
            throw unreadable(
                response, service: service, operation: operation,
                reason: "\(error); it begins \"\(AWSErrorParser.excerpt(of: response.body.prefix(200)))\""
            )
        }
        if let wrong = UnexpectedAnswer.wrongRoot(tree, response, service: service, operation: operation) { throw wrong }
        return tree["\(operation)Result"] ?? XMLTree(name: "\(operation)Result")
    }

    static func decode<Output: Decodable>(
        _ type: Output.Type, from response: HTTPResponse, service: AWSService, operation: String
    ) throws -> Output {
        let result = try result(of: response, service: service, operation: operation)
        do {
            return try XMLTreeDecoder().decode(Output.self, from: result)
        } catch {
            throw unreadable(response, service: service, operation: operation, reason: describe(error))
        }
    }

    /// A decoding failure as one readable sentence: what is wrong and where (`Stacks.[0].StackId`).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? XMLTreeDecoder.elementName(for: $0) }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "\(XMLTreeDecoder.elementName(for: key)) is missing" + (at.isEmpty ? "" : " in \(at)")
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }

    static func unreadable(_ response: HTTPResponse, service: AWSService, operation: String, reason: String) -> AWSError {
        AWSError(
            service: service.name, operation: operation, status: response.status, code: "UnreadableResponse",
            message: "the answer could not be read: \(reason)", requestID: AWSErrorParser.requestID(in: response.headers)
        )
    }
}

extension AWSSession {
    /// Calls a query-protocol operation and decodes its result.
    func query<Output: Decodable>(
        _ service: AWSService, _ operation: String, _ input: some Encodable, isRetrySafe: Bool = true,
        as output: Output.Type = Output.self
    ) async throws -> Output {
        let response = try await send(try QueryProtocol.request(service, operation: operation, input: input, isRetrySafe: isRetrySafe))
        return try QueryProtocol.decode(Output.self, from: response, service: service, operation: operation)
    }
}

/// An operation's empty input or output.
public struct Nothing: Codable, Sendable, Equatable {
    public init() {}
}
