import FoundationEssentials

/// An object read with `GetObject`: its metadata and its body (in memory, or the file it was
/// streamed to).
public struct S3Object: Sendable {
    public var metadata: S3ObjectMetadata
    /// The bytes, when read into memory.
    public var body: Data
    /// Where the bytes are, when streamed to a file.
    public var file: URL?
}

/// What S3 says about an object in its response headers.
public struct S3ObjectMetadata: Sendable, Equatable {
    public var contentLength: UInt64?
    public var contentType: String?
    public var eTag: String?
    public var lastModified: String?
    /// `x-amz-meta-*` values, keyed by the name after the prefix.
    public var userMetadata: [String: String]

    init(_ headers: HTTPHeaders) {
        contentLength = headers["Content-Length"].flatMap { UInt64($0) }
        contentType = headers["Content-Type"]
        eTag = headers["ETag"]
        lastModified = headers["Last-Modified"]
        var metadata: [String: String] = [:]
        for field in headers where field.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(field.name.lowercased().dropFirst("x-amz-meta-".count))] = field.value
        }
        userMetadata = metadata
    }
}

/// One page of `ListObjectsV2`.
public struct S3ObjectList: Decodable, Sendable {
    public struct Entry: Decodable, Sendable, Equatable {
        public var key: String
        public var size: UInt64
        public var eTag: String?
        public var lastModified: Date?
    }

    public struct CommonPrefix: Decodable, Sendable, Equatable {
        public var prefix: String
    }

    public var name: String?
    public var contents: [Entry]
    public var commonPrefixes: [CommonPrefix]
    public var isTruncated: Bool
    public var nextContinuationToken: String?
    public var keyCount: Int?
}
