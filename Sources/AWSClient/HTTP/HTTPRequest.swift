import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP request as the transport sends it: already signed, with its body.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: HTTPHeaders
    public var body: HTTPRequestBody
    /// How long the whole exchange may take, or `nil` for the transport's default.
    public var timeout: Duration?

    public init(
        method: String, url: URL, headers: HTTPHeaders = [:], body: HTTPRequestBody = .empty,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// What a request sends: nothing, bytes in memory, or a slice of a file streamed from disk.
///
/// File bodies are read in small pieces while the request goes out, so uploading a large object
/// (or one multipart part of it) never holds the file in memory.
///
/// ```swift
/// let whole = try HTTPRequestBody.file(at: URL(fileURLWithPath: "site.tar.gz"))
/// let part = HTTPRequestBody.file(FileSlice(url: archive, offset: 8 << 20, length: 8 << 20))
/// ```
public enum HTTPRequestBody: Sendable, Equatable {
    case empty
    case data(Data)
    case file(FileSlice)

    /// The whole of a regular file, its size read now.
    public static func file(at url: URL) throws -> HTTPRequestBody {
        .file(FileSlice(url: url, offset: 0, length: try FileSlice.size(of: url)))
    }

    /// How many bytes the body has.
    public var count: UInt64 {
        switch self {
        case .empty: 0
        case .data(let data): UInt64(data.count)
        case .file(let slice): slice.length
        }
    }
}

/// A byte range of a file on disk.
public struct FileSlice: Sendable, Equatable {
    public var url: URL
    public var offset: UInt64
    public var length: UInt64

    public init(url: URL, offset: UInt64, length: UInt64) {
        self.url = url
        self.offset = offset
        self.length = length
    }

    /// The size of the regular file at `url`.
    public static func size(of url: URL) throws -> UInt64 {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            throw HTTPTransportError(.fileAccess, "cannot read \(url.path): \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw HTTPTransportError(.fileAccess, "cannot upload \(url.path): it is not a regular file")
        }
        return UInt64(status.st_size)
    }
}
