import Foundation
import Glibc
import HTTPTypes
import Hashing
import Hummingbird
import NIOCore
import NIOPosix

/// Blobs as files under one directory: written to `tmp/` and renamed into `blobs/xx/` only when
/// complete, so a crash or a refused upload never leaves a half file where a real one is expected.
/// Blocking file calls run on NIO's thread pool, never on an event loop.
public struct LocalBlobStore: BlobStore {
    let root: String
    let threadPool: NIOThreadPool

    /// Bytes written per thread-pool hop.
    static let chunkSize = 1 << 20
    /// Bytes read per hop when streaming a download: small enough that many concurrent downloads
    /// stay light on memory, large enough to keep hops rare.
    static let readChunkSize = 256 << 10

    public init(root: String, threadPool: NIOThreadPool = .singleton) throws {
        self.root = root
        self.threadPool = threadPool
        try FileManager.default.createDirectory(atPath: root + "/tmp", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/blobs", withIntermediateDirectories: true)
    }

    /// Where a blob lives on disk (S3BlobStore spools through here too).
    func path(for key: String) throws -> String {
        // Keys are ours (UUIDs), but check anyway: a key must never climb out of the root.
        guard Identifier.isValid(key) else {
            throw AppError(.notFound, status: .notFound, message: "No such stored content.")
        }
        return "\(root)/blobs/\(key.prefix(2))/\(key)"
    }

    public func store(_ body: some AsyncSequence<ByteBuffer, any Error> & Sendable, limit: Int) async throws -> StoredBlob {
        let key = Identifier.make()
        let temporary = "\(root)/tmp/\(key)"
        let file = try await threadPool.runIfActive { try WritableFile(path: temporary) }
        let hasher = SHA256()
        var size = 0
        var pending = ByteBuffer()
        do {
            for try await buffer in body {
                size += buffer.readableBytes
                if size > limit { throw AppError.tooLarge(limit: limit) }
                hasher.update(buffer)
                if pending.readableBytes == 0 && buffer.readableBytes >= Self.chunkSize {
                    try await write(buffer, to: file)
                } else {
                    pending.writeImmutableBuffer(buffer)
                    if pending.readableBytes >= Self.chunkSize {
                        try await write(pending, to: file)
                        pending.clear()
                    }
                }
            }
            if pending.readableBytes > 0 { try await write(pending, to: file) }
            let destination = try path(for: key)
            try await threadPool.runIfActive {
                try file.syncAndClose()
                try FileManager.default.createDirectory(
                    atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard rename(temporary, destination) == 0 else { throw POSIXFailure(operation: "rename", path: destination) }
            }
        } catch {
            try? await threadPool.runIfActive {
                file.closeQuietly()
                unlink(temporary)
            }
            throw error
        }
        return StoredBlob(key: key, size: size, sha256: hasher.finalizeHex())
    }

    private func write(_ buffer: ByteBuffer, to file: WritableFile) async throws {
        try await threadPool.runIfActive { try file.write(buffer) }
    }

    public func concatenate(_ keys: [String]) async throws -> StoredBlob {
        let paths = try keys.map(path(for:))
        let pool = threadPool
        let chunk = Self.chunkSize
        let parts = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            let task = Task {
                do {
                    for path in paths {
                        let reader = try await pool.runIfActive { try ReadableFile(path: path) }
                        defer { reader.close() }
                        var offset = 0
                        while true {
                            let position = offset
                            let buffer = try await pool.runIfActive { try reader.read(at: position, count: chunk) }
                            if buffer.readableBytes == 0 { break }
                            offset += buffer.readableBytes
                            continuation.yield(buffer)
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return try await store(parts, limit: .max)
    }

    public func read(key: String, range: ClosedRange<Int>) async throws -> ResponseBody {
        let path = try path(for: key)
        let pool = threadPool
        guard FileManager.default.fileExists(atPath: path) else {
            throw AppError(.notFound, status: .notFound, message: "The stored content of this file is missing.")
        }
        return ResponseBody(contentLength: range.count) { writer in
            let reader = try await pool.runIfActive { try ReadableFile(path: path) }
            defer { reader.close() }
            var offset = range.lowerBound
            while offset <= range.upperBound {
                let count = min(Self.readChunkSize, range.upperBound - offset + 1)
                let position = offset
                let buffer = try await pool.runIfActive { try reader.read(at: position, count: count) }
                if buffer.readableBytes == 0 { break }
                offset += buffer.readableBytes
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        }
    }

    /// Size and SHA-256 of a stored blob, read back in chunks.
    func digest(key: String) async throws -> (size: Int, sha256: String) {
        let path = try path(for: key)
        let pool = threadPool
        let reader = try await pool.runIfActive { try ReadableFile(path: path) }
        defer { reader.close() }
        let hasher = SHA256()
        var size = 0
        while true {
            let position = size
            let buffer = try await pool.runIfActive { try reader.read(at: position, count: Self.chunkSize) }
            if buffer.readableBytes == 0 { break }
            hasher.update(buffer)
            size += buffer.readableBytes
        }
        return (size, hasher.finalizeHex())
    }

    public func delete(key: String) async throws {
        let path = try path(for: key)
        try await threadPool.runIfActive { _ = unlink(path) }
    }

    public func directDownloadURL(key: String, fileName: String, contentType: String) async throws -> String? { nil }

    public func isReachable() async -> Bool {
        FileManager.default.isWritableFile(atPath: root + "/tmp")
    }
}
