import Glibc
import NIOCore

/// A failed system call, with the file it was about.
struct POSIXFailure: Error, CustomStringConvertible {
    let operation: String
    let path: String
    let code: Int32 = errno

    var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}

/// A file descriptor opened for writing a new file (used from the thread pool only).
final class WritableFile: @unchecked Sendable {
    private var descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: path) }
    }

    func write(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { bytes in
            var written = 0
            while written < bytes.count {
                let result = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw POSIXFailure(operation: "write", path: "blob")
                }
                written += result
            }
        }
    }

    func syncAndClose() throws {
        guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync", path: "blob") }
        close(descriptor)
        descriptor = -1
    }

    func closeQuietly() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}

/// A file descriptor opened for positioned reads (used from the thread pool only).
final class ReadableFile: @unchecked Sendable {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: path) }
    }

    func read(at offset: Int, count: Int) throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
            while true {
                let result = pread(descriptor, bytes.baseAddress!, count, off_t(offset))
                if result >= 0 { return result }
                if errno != EINTR { throw POSIXFailure(operation: "pread", path: "blob") }
            }
        }
        return buffer
    }

    func close() {
        Glibc.close(descriptor)
    }
}
