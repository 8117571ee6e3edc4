import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// A response body on its way to a file: written to a temporary file in the same folder, renamed
/// onto the target only when complete, removed when the transfer fails.
struct Download {
    let target: URL
    private let temporary: URL
    private var descriptor: Int32

    init(target: URL) throws {
        self.target = target
        temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).part")
        descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw HTTPTransportError(.fileAccess, "cannot create \(temporary.path) for the download: \(String(cString: strerror(errno)))")
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else {
                throw HTTPTransportError(.fileAccess, "cannot write \(temporary.path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Flushes, closes and moves the finished file into place.
    mutating func commit() throws {
        defer { descriptor = -1 }
        guard fsync(descriptor) == 0, close(descriptor) == 0, rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = unlink(temporary.path)
            throw HTTPTransportError(.fileAccess, "cannot finish the download to \(target.path): \(reason)")
        }
    }

    /// Drops the partial file.
    mutating func abandon() {
        guard descriptor >= 0 else { return }
        _ = close(descriptor)
        _ = unlink(temporary.path)
        descriptor = -1
    }
}
