/// A request as the test suite writes it (`request.txt`, `.req`, `*-signed-request.txt`): a request
/// line whose target is **not** encoded (it may hold spaces or raw UTF-8), `Name:value` header lines,
/// lines starting with whitespace that continue the previous header (obs-fold), a blank line, the body.
struct RawHTTPRequest {
    var method: String
    /// The request target as written: raw path, then `?query` if any.
    var target: String
    var headers: [(name: String, value: String)]
    var body: String

    var path: String {
        target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
    }

    /// The query as written, without `?`.
    var query: String {
        target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) } ?? ""
    }

    /// Values of the headers with this name (any case), in order.
    func values(of name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    init(parsing text: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { throw ParseError(description: "empty request") }
        let requestLine = lines.removeFirst()
        // The target may contain spaces (get-space): the method ends at the first space, the version starts at the last.
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace
        else { throw ParseError(description: "bad request line: \(requestLine)") }
        method = String(requestLine[..<firstSpace])
        target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])

        headers = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody {
                bodyLines.append(line)
            } else if line.isEmpty {
                inBody = true
            } else if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else { throw ParseError(description: "continuation line before any header") }
                // RFC 9112 §5.2: an obs-fold is replaced by one space.
                headers[headers.count - 1].value += " " + line.trimming(" \t")
            } else {
                guard let colon = line.firstIndex(of: ":") else { throw ParseError(description: "header line without ':': \(line)") }
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        body = bodyLines.joined(separator: "\n")
    }
}

extension String {
    func trimming(_ characters: String) -> String {
        let set = Set(characters)
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
