#if canImport(Glibc)
import Glibc
#endif

/// Standard output and standard error, written with `write(2)` directly: no buffering to flush
/// before exit, and no corelibs Foundation (`FileHandle`) in the CLI.
public enum StandardStream: Int32, Sendable {
    case output = 1
    case error = 2

    /// Writes every byte, retrying after interruptions; stops at the first write that fails.
    public func write(_ bytes: some Collection<UInt8>) {
        let all = Array(bytes)
        var offset = 0
        while offset < all.count {
            let written = all.withUnsafeBytes { Glibc.write(rawValue, $0.baseAddress! + offset, all.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    public func write(_ text: String) {
        write(text.utf8)
    }
}
