/// Standard output and standard error, written with `write(2)` directly: no buffering to flush
/// before exit, and no corelibs Foundation (`FileHandle`) in the CLI.
public enum StandardStream: Int32, Sendable {
    case output = 1
    case error = 2

    /// Writes every byte, retrying after interruptions; stops at the first write that fails.
    public func write(_ bytes: some Collection<UInt8>) {
        _ = Array(bytes).withUnsafeBytes { writeAll($0, to: rawValue) }
    }

    public func write(_ text: String) {
        write(text.utf8)
    }
}
