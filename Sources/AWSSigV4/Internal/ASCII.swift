/// Byte-level helpers for the ASCII parts of HTTP: the signer works on UTF-8 bytes, not on
/// `Character`s, which is both faster and what the specification means.
enum ASCII {
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let slash: UInt8 = 0x2F
    static let dot: UInt8 = 0x2E
    static let percent: UInt8 = 0x25
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let comma: UInt8 = 0x2C
    static let equals: UInt8 = 0x3D
    static let ampersand: UInt8 = 0x26

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// RFC 3986 unreserved characters: the only bytes SigV4 leaves unencoded.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: true
        default: false
        }
    }

    /// RFC 9110 `tchar`: what a header name may be made of.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// The value of a hex digit (either case), or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// `0`…`9`, `a`…`f` for a nibble.
    @inline(__always)
    static func lowerHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble
    }

    /// `0`…`9`, `A`…`F` for a nibble.
    @inline(__always)
    static func upperHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 &+ nibble : 0x37 &+ nibble
    }

    /// Compares a string with a lower-case ASCII literal, ignoring the string's case.
    static func equalsIgnoringCase(_ string: String, _ lowercaseLiteral: StaticString) -> Bool {
        var string = string
        return string.withUTF8 { bytes in
            guard bytes.count == lowercaseLiteral.utf8CodeUnitCount else { return false }
            let literal = UnsafeBufferPointer(start: lowercaseLiteral.utf8Start, count: lowercaseLiteral.utf8CodeUnitCount)
            for index in 0..<bytes.count where lowercased(bytes[index]) != literal[index] { return false }
            return true
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !ASCII.isWhitespace($0) }),
            let last = utf8.lastIndex(where: { !ASCII.isWhitespace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
