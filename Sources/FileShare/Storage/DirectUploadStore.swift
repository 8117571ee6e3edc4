/// An S3 multipart upload that clients fill themselves, part by part, with presigned URLs.
public struct DirectUpload: Sendable, Equatable, Codable {
    public var key: String
    public var uploadId: String
}

/// One part a client sent straight to the store, with the ETag the store answered.
public struct DirectPart: Sendable, Equatable, Codable {
    public var partNumber: Int
    public var eTag: String
}

/// A blob store that lets clients upload large files straight to it (S3), so the bytes do not
/// pass through the service. Completing reads the object back once to record its SHA-256 and
/// size, so every stored version still has a hash the service computed itself.
public protocol DirectUploadStore: BlobStore {
    func startDirectUpload() async throws -> DirectUpload
    func partUploadURL(_ upload: DirectUpload, partNumber: Int) async throws -> String
    func completeDirectUpload(_ upload: DirectUpload, parts: [DirectPart], limit: Int) async throws -> StoredBlob
    func abortDirectUpload(_ upload: DirectUpload) async throws
}
