import FoundationEssentials

/// A received HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The body in memory. Empty when a successful body was written to a file instead; an error
    /// body (status 300 and up) is always here, never in the file, so it can be parsed.
    public var body: Data
    /// Where a successful body was written, when the request asked for a file.
    public var bodyFile: URL?

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), bodyFile: URL? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyFile = bodyFile
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// Where a response body goes.
public enum HTTPResponseDestination: Sendable, Equatable {
    /// Collected in ``HTTPResponse/body``.
    case memory
    /// Streamed to a temporary file next to this path and renamed onto it once complete, so the
    /// path holds either the old file or the whole new body, never a partial download.
    case file(URL)
}
