/// The parts of an HTTP request that a signature covers, as they will go on the wire.
///
/// Headers are an ordered list, never a dictionary: a header may repeat, and its values are signed
/// in the order they are sent. The `Host` header must be present (`init(method:url:headers:payload:)`
/// adds it from the URL).
///
/// ```swift
/// let request = SigV4Request(
///     method: "POST",
///     path: "/",
///     headers: [
///         .init(name: "Host", value: "cloudformation.us-east-1.amazonaws.com"),
///         .init(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
///     ],
///     payload: .bytes(Array("Action=DescribeStacks&Version=2010-05-15".utf8))
/// )
/// ```
public struct SigV4Request: Sendable, Hashable {
    /// One header line. The name's case does not matter to the signature; the value's does.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One query parameter, **decoded** (`a b`, not `a%20b`). The signer encodes it (RFC 3986, `%20`,
    /// never `+`); a parameter without `=` is a `value` of `""`.
    public struct QueryItem: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String = "") {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP method, such as `GET`.
    public var method: String
    /// The path as sent on the wire: percent-encoded once, starting with `/`.
    public var path: String
    /// The query parameters in any order (the signer sorts them), decoded.
    public var query: [QueryItem]
    /// The headers in the order they are sent, including `Host`.
    public var headers: [Header]
    /// The body, its hash, or how it is sent unsigned or streamed.
    public var payload: Payload

    public init(method: String, path: String, query: [QueryItem] = [], headers: [Header], payload: Payload = .empty) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payload = payload
    }
}
