/// RFC 3986 percent-encoding as SigV4 wants it: every byte but the unreserved ones as `%XX` with
/// upper-case hex, so a space is `%20` (never `+`) and `/` is `%2F` unless kept on purpose.
enum PercentEncoding {
    /// Appends `bytes` encoded to `output`; runs of bytes that need no escape are copied at once.
    @inline(__always)
    static func encode<Sink: ByteSink & ~Copyable>(_ bytes: UnsafeBufferPointer<UInt8>, keepingSlashes: Bool, into output: inout Sink) {
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if ASCII.isUnreserved(byte) || (keepingSlashes && byte == ASCII.slash) { continue }
            if runStart < index { output.append(bytes: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            output.append(ASCII.percent)
            output.append(ASCII.upperHexDigit(byte >> 4))
            output.append(ASCII.upperHexDigit(byte & 0x0F))
            runStart = index + 1
        }
        if runStart < bytes.count { output.append(bytes: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }

    /// Appends the string's UTF-8 bytes encoded to `output`.
    @inline(__always)
    static func encode<Sink: ByteSink & ~Copyable>(_ string: String, keepingSlashes: Bool, into output: inout Sink) {
        var string = string
        string.withUTF8 { encode($0, keepingSlashes: keepingSlashes, into: &output) }
    }

    /// Decodes `%XX` escapes; `nil` when an escape is malformed or the result is not UTF-8.
    /// A `+` stays a `+`: SigV4 queries never use `+` for a space.
    static func decode(_ encoded: Substring) -> String? {
        guard encoded.utf8.contains(ASCII.percent) else { return String(encoded) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.utf8.count)
        var iterator = encoded.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == ASCII.percent else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(ASCII.hexValue), let low = iterator.next().flatMap(ASCII.hexValue)
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
