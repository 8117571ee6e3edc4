/// The unsigned header names as lower-case bytes, with a mask of their lengths so that most headers
/// are ruled out by one bit test instead of a dozen comparisons.
struct UnsignedHeaderMatcher: Sendable, Hashable {
    private let names: [[UInt8]]
    /// Bit `n` is set when some name is `n` bytes long (bit 63 for 63 bytes or more).
    private let lengthMask: UInt64

    init(_ names: [String]) {
        self.names = names.map { name in name.utf8.map(ASCII.lowercased) }
        lengthMask = self.names.reduce(0) { mask, name in mask | (1 << UInt64(min(name.count, 63))) }
    }

    @inline(__always)
    func matches(_ lowercasedName: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lengthMask & (1 << UInt64(min(lowercasedName.count, 63))) != 0 else { return false }
        return names.contains { $0.count == lowercasedName.count && $0.elementsEqual(lowercasedName) }
    }
}
