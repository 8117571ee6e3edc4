import FoundationEssentials

/// Reads an ``AWSError`` out of any failed answer: query and rest-xml XML, JSON, headers only
/// (S3 HEAD), or bodies nobody can parse (moto's HTML pages), which still give the status and
/// a readable excerpt.
enum AWSErrorParser {
    static func parse(_ response: HTTPResponse, service: String, operation: String) -> AWSError {
        var error = AWSError(
            service: service, operation: operation, status: response.status,
            code: fallbackCode(for: response.status), message: "", requestID: requestID(in: response.headers)
        )
        let body = response.body
        let contentType = response.headers["Content-Type"]?.lowercased() ?? ""
        let start = body.first { !" \r\n\t".utf8.contains($0) }
        if start == UInt8(ascii: "{") || contentType.contains("json") {
            readJSON(body, into: &error)
        } else if start == UInt8(ascii: "<"), let tree = try? XMLTree.parse(body), tree.name != "html" {
            readXML(tree, into: &error)
        } else if !body.isEmpty {
            error.message = "unreadable error answer (\(contentType.isEmpty ? "no content type" : contentType)): \(excerpt(of: body))"
        }
        if let typeHeader = response.headers["x-amzn-ErrorType"], error.code == fallbackCode(for: response.status) {
            error.code = cleanCode(typeHeader)
        }
        if error.message.isEmpty { error.message = "HTTP \(response.status) with no error message" }
        return error
    }

    private static func readXML(_ tree: XMLTree, into error: inout AWSError) {
        // Query: <ErrorResponse><Error><Code/>…</Error><RequestId/></ErrorResponse>; S3: <Error><Code/>…</Error>.
        let detail = tree.name == "Error" ? tree : (tree.first(named: "Error") ?? tree)
        if let code = detail["Code"]?.text, !code.isEmpty { error.code = code }
        if let message = detail["Message"]?.text { error.message = message }
        if let id = tree.first(named: "RequestId")?.text ?? tree.first(named: "RequestID")?.text, !id.isEmpty {
            error.requestID = id
        }
    }

    private static func readJSON(_ body: Data, into error: inout AWSError) {
        guard let answer = try? JSONDecoder().decode(JSONErrorAnswer.self, from: body) else {
            error.message = "unreadable error answer: \(excerpt(of: body))"
            return
        }
        if let type = answer.code { error.code = cleanCode(type) }
        if let message = answer.message { error.message = message }
    }

    /// The JSON protocols' error body: the code under `__type`, `code` or `Code`, the text under
    /// `message`, `Message` or `errorMessage`; anything that is not a string is ignored.
    private struct JSONErrorAnswer: Decodable {
        var code: String?
        var message: String?

        private enum Key: String, CodingKey {
            case type = "__type", code, Code, message, Message, errorMessage
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            func text(_ key: Key) -> String? { try? container.decodeIfPresent(String.self, forKey: key) }
            code = text(.type) ?? text(.code) ?? text(.Code)
            message = text(.message) ?? text(.Message) ?? text(.errorMessage)
        }
    }

    /// `aws.protocoltests#ThrottlingException` or `Throttling:http://…` → the bare code.
    static func cleanCode(_ raw: String) -> String {
        var code = Substring(raw)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return code.trimmed()
    }

    static func fallbackCode(for status: Int) -> String {
        switch status {
        case 301: "PermanentRedirect"
        case 304: "NotModified"
        case 400: "BadRequest"
        case 403: "Forbidden"
        case 404: "NotFound"
        default: String(status)
        }
    }

    static func requestID(in headers: HTTPHeaders) -> String? {
        headers["x-amzn-RequestId"] ?? headers["x-amz-request-id"] ?? headers["x-amzn-request-id"]
    }

    /// A short, single-line piece of an unreadable body: an HTML page's title and text, tags dropped.
    static func excerpt(of body: Data) -> String {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        var visible = ""
        var insideTag = false
        for character in text {
            switch character {
            case "<": insideTag = true; visible.append(" ")
            case ">": insideTag = false
            default: if !insideTag { visible.append(character) }
            }
        }
        let words = visible.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.count > 300 ? String(words.prefix(300)) + "…" : words
    }
}
