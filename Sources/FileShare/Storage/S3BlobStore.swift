import AWSClient
import Foundation
import Hummingbird
import NIOCore

/// File contents in an S3 bucket, through the project's own AWS client. Uploads are spooled to
/// local disk while their SHA-256 is computed (memory stays flat), then sent as one PUT or as a
/// multipart upload; downloads are redirects to short-lived presigned GET URLs that make S3 send
/// `Content-Disposition: attachment`, so the bytes never pass through the service.
///
/// ```swift
/// let store = try S3BlobStore(bucket: "files", session: try AWSSession.fromEnvironment(), spoolDirectory: "/tmp/spool")
/// ```
public struct S3BlobStore: DirectUploadStore {
    let bucket: String
    let session: AWSSession
    let s3: S3
    let spool: LocalBlobStore
    /// How long a download URL stays valid.
    let presignLifetime: Duration

    public init(bucket: String, session: AWSSession, spoolDirectory: String, presignLifetime: Duration = .seconds(300)) throws {
        self.bucket = bucket
        self.session = session
        self.s3 = S3(session)
        self.spool = try LocalBlobStore(root: spoolDirectory)
        self.presignLifetime = presignLifetime
    }

    static func objectKey(_ key: String) -> String { "blobs/" + key }

    public func store(_ body: some AsyncSequence<ByteBuffer, any Error> & Sendable, limit: Int) async throws -> StoredBlob {
        let local = try await spool.store(body, limit: limit)
        defer { Task { try? await spool.delete(key: local.key) } }
        try await upload(local)
        return local
    }

    private func upload(_ blob: StoredBlob) async throws {
        let file = URL(fileURLWithPath: try spool.path(for: blob.key))
        try await s3.uploadFile(file, bucket: bucket, key: Self.objectKey(blob.key), contentType: "application/octet-stream")
    }

    /// Joins parts by fetching them to the spool and uploading the result (parts are at most
    /// `MAX_PART_SIZE`, and the joined file is hashed on the way).
    public func concatenate(_ keys: [String]) async throws -> StoredBlob {
        var fetched: [String] = []
        defer { for key in fetched { Task { try? await spool.delete(key: key) } } }
        for key in keys {
            try await fetch(key)
            fetched.append(key)
        }
        let joined = try await spool.concatenate(keys)
        defer { Task { try? await spool.delete(key: joined.key) } }
        try await upload(joined)
        return joined
    }

    private func fetch(_ key: String) async throws {
        let path = try spool.path(for: key)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = try await s3.getObject(bucket: bucket, key: Self.objectKey(key), to: .file(URL(fileURLWithPath: path)))
    }

    /// Streams through the spool; downloads normally go straight to S3 via `directDownloadURL`.
    public func read(key: String, range: ClosedRange<Int>) async throws -> ResponseBody {
        do {
            try await fetch(key)
        } catch {
            throw AppError(.notFound, status: .notFound, message: "The stored content of this file is missing.")
        }
        let body = try await spool.read(key: key, range: range)
        let spool = spool
        return ResponseBody(contentLength: range.count) { writer in
            defer { Task { try? await spool.delete(key: key) } }
            try await body.write(writer)
        }
    }

    public func delete(key: String) async throws {
        try await s3.deleteObject(bucket: bucket, key: Self.objectKey(key))
    }

    public func directDownloadURL(key: String, fileName: String, contentType: String) async throws -> String? {
        guard session.credentials != nil else {
            throw AppError(.configuration, status: .internalServerError,
                           message: "S3 downloads need AWS credentials; none were found in the environment.")
        }
        let operation = S3.PresignedOperation.download(
            contentDisposition: ContentDisposition.attachment(fileName: fileName), contentType: contentType)
        return try await s3.presignedURL(operation, bucket: bucket, key: Self.objectKey(key), expiresIn: presignLifetime).absoluteString
    }

    public func isReachable() async -> Bool {
        do {
            _ = try await s3.headObject(bucket: bucket, key: "readiness-probe")
            return true
        } catch {
            return false
        }
    }

    public func startDirectUpload() async throws -> DirectUpload {
        let key = Identifier.make()
        let uploadId = try await s3.createMultipartUpload(bucket: bucket, key: Self.objectKey(key), contentType: "application/octet-stream")
        return DirectUpload(key: key, uploadId: uploadId)
    }

    public func partUploadURL(_ upload: DirectUpload, partNumber: Int) async throws -> String {
        try await s3.presignedURL(.uploadPart(uploadID: upload.uploadId, partNumber: partNumber), bucket: bucket,
                                  key: Self.objectKey(upload.key), expiresIn: .seconds(3600)).absoluteString
    }

    public func completeDirectUpload(_ upload: DirectUpload, parts: [DirectPart], limit: Int) async throws -> StoredBlob {
        try await s3.completeMultipartUpload(bucket: bucket, key: Self.objectKey(upload.key), uploadID: upload.uploadId,
                                             parts: parts.map { CompletedPart(partNumber: $0.partNumber, eTag: $0.eTag) })
        // Hash what S3 actually holds; refuse (and delete) an object over the size limit.
        try await fetch(upload.key)
        defer { Task { try? await spool.delete(key: upload.key) } }
        let digest = try await spool.digest(key: upload.key)
        guard digest.size <= limit else {
            try? await delete(key: upload.key)
            throw AppError.tooLarge(limit: limit)
        }
        return StoredBlob(key: upload.key, size: digest.size, sha256: digest.sha256)
    }

    public func abortDirectUpload(_ upload: DirectUpload) async throws {
        try await s3.abortMultipartUpload(bucket: bucket, key: Self.objectKey(upload.key), uploadID: upload.uploadId)
    }
}
