extension SigV4Request {
    /// Builds a request from a URL as it will be sent: `scheme://host[:port]/path?query`.
    ///
    /// The path is kept exactly as written (it must already be percent-encoded); the query is split on
    /// `&` and `=` and percent-decoded (a `+` stays a `+`). A `Host` header is added from the URL,
    /// without the port when it is the scheme's default, unless `headers` already has one.
    ///
    /// ```swift
    /// let request = try SigV4Request(method: "GET", url: "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J")
    /// ```
    public init(method: String, url: String, headers: [Header] = [], payload: Payload = .empty) throws(SigV4Error) {
        let parts = try URLParts(url)
        var headers = headers
        if !headers.contains(where: { ASCII.equalsIgnoringCase($0.name, "host") }) {
            headers.insert(Header(name: "Host", value: parts.hostHeader), at: 0)
        }
        self.init(method: method, path: parts.path, query: parts.query, headers: headers, payload: payload)
    }
}

/// A URL split the way a signer needs it, without Foundation's URL (which may re-encode the path).
struct URLParts {
    var hostHeader: String
    var path: String
    var query: [SigV4Request.QueryItem]

    init(_ url: String) throws(SigV4Error) {
        let utf8 = url.utf8
        guard let colon = utf8.firstIndex(of: ASCII.colon), url[colon...].hasPrefix("://") else {
            throw SigV4Error(code: .invalidURL, message: "the URL has no scheme; write it as https://host/path", context: url)
        }
        let scheme = url[..<colon].lowercased()
        let rest = url[utf8.index(colon, offsetBy: 3)...]
        let authorityEnd = rest.utf8.firstIndex { byte in
            byte == ASCII.slash || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
        } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let userInfoEnd = authority.utf8.lastIndex(of: UInt8(ascii: "@")) {
            authority = authority[authority.utf8.index(after: userInfoEnd)...]
        }
        guard !authority.isEmpty else {
            throw SigV4Error(code: .invalidURL, message: "the URL has no host", context: url)
        }
        if let portColon = authority.utf8.lastIndex(of: ASCII.colon), !authority.hasSuffix("]") {
            let port = authority[authority.utf8.index(after: portColon)...]
            let isDefault = port.isEmpty || (scheme == "https" && port == "443") || (scheme == "http" && port == "80")
            if isDefault { authority = authority[..<portColon] }
        }
        hostHeader = String(authority)

        var pathAndQuery = rest[authorityEnd...]
        if let fragment = pathAndQuery.utf8.firstIndex(of: UInt8(ascii: "#")) { pathAndQuery = pathAndQuery[..<fragment] }
        if let questionMark = pathAndQuery.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = String(pathAndQuery[..<questionMark])
            query = try Self.decodeQuery(pathAndQuery[pathAndQuery.utf8.index(after: questionMark)...], url: url)
        } else {
            path = String(pathAndQuery)
            query = []
        }
        if path.isEmpty { path = "/" }
    }

    /// Splits `a=1&b&c=x%20y` into decoded items; empty pieces (`a=1&&b`) are skipped.
    static func decodeQuery(_ query: Substring, url: String) throws(SigV4Error) -> [SigV4Request.QueryItem] {
        var items: [SigV4Request.QueryItem] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring, value: Substring
            if let equals = piece.firstIndex(of: "=") {
                name = piece[..<equals]
                value = piece[piece.index(after: equals)...]
            } else {
                name = piece
                value = ""
            }
            guard let decodedName = PercentEncoding.decode(name), let decodedValue = PercentEncoding.decode(value) else {
                throw SigV4Error(
                    code: .invalidURL,
                    message: "a query parameter has a malformed percent escape or is not UTF-8 once decoded",
                    context: String(piece)
                )
            }
            items.append(SigV4Request.QueryItem(name: decodedName, value: decodedValue))
        }
        return items
    }
}
