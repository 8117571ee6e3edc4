/// A 32-byte SHA-256 or HMAC-SHA256 result, kept inline (no heap allocation per digest).
struct SHA256Digest: Hashable, Sendable {
    static let byteCount = 32
    private var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init() {}

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var copy = storage
        return Swift.withUnsafeBytes(of: &copy, body)
    }

    mutating func withUnsafeMutableBytes<Result>(_ body: (UnsafeMutableRawBufferPointer) -> Result) -> Result {
        Swift.withUnsafeMutableBytes(of: &storage, body)
    }

    /// Appends the 32 raw bytes of the digest.
    func appendBytes(to output: inout [UInt8]) {
        withUnsafeBytes { output.append(raw: $0) }
    }

    /// Appends the 64 lower-case hex digits of the digest (formatted on the stack, appended at once).
    func appendHex<Sink: ByteSink & ~Copyable>(to output: inout Sink) {
        var digest = storage
        var hex: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        Swift.withUnsafeBytes(of: &digest) { bytes in
            Swift.withUnsafeMutableBytes(of: &hex) { digits in
                for index in 0..<Self.byteCount {
                    digits[2 * index] = ASCII.lowerHexDigit(bytes[index] >> 4)
                    digits[2 * index + 1] = ASCII.lowerHexDigit(bytes[index] & 0x0F)
                }
            }
        }
        Swift.withUnsafeBytes(of: &hex) { output.append(raw: $0) }
    }

    static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.storage.0 == rhs.storage.0 && lhs.storage.1 == rhs.storage.1
            && lhs.storage.2 == rhs.storage.2 && lhs.storage.3 == rhs.storage.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }
}
