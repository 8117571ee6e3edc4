import Hummingbird
import Logging
import NIOCore

/// Where a stored blob ended up, with its size and SHA-256 (hex).
public struct StoredBlob: Sendable, Equatable {
    public var key: String
    public var size: Int
    public var sha256: String
}

/// File contents, kept apart from their metadata: a local directory by default, S3 in production.
///
/// ```swift
/// let blob = try await store.store(request.body, limit: 100 << 20)
/// let body = try await store.read(key: blob.key, range: 0...(blob.size - 1))
/// ```
public protocol BlobStore: Sendable {
    /// Streams `body` into a new blob, hashing it on the way. Past `limit` bytes it throws
    /// `AppError` (413) and keeps nothing.
    func store(_ body: some AsyncSequence<ByteBuffer, any Error> & Sendable, limit: Int) async throws -> StoredBlob

    /// Joins blobs, in order, into a new one (completing a multipart upload).
    func concatenate(_ keys: [String]) async throws -> StoredBlob

    /// The bytes of `range` (inclusive) of a blob, streamed.
    func read(key: String, range: ClosedRange<Int>) async throws -> ResponseBody

    /// Removes a blob; removing a missing blob is not an error.
    func delete(key: String) async throws

    /// A URL the client may fetch the blob from directly for a while, or nil when the service
    /// streams it itself.
    func directDownloadURL(key: String, fileName: String, contentType: String) async throws -> String?

    /// Whether the store can be used now (the readiness probe).
    func isReachable() async -> Bool
}
