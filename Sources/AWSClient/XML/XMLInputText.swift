/// The raw bytes of a document before any markup is read: checked once to be UTF-8 made of
/// characters XML allows, so the parser can slice strings out of them without checks, and
/// turned into line and column numbers only when an error needs them.
enum XMLInputText {
    /// Throws at the first invalid UTF-8 sequence or disallowed character (a control character,
    /// a surrogate, U+FFFE or U+FFFF).
    static func validate(_ input: UnsafeBufferPointer<UInt8>) throws(XMLParseError) {
        var index = 0
        while index < input.count {
            if index + 8 <= input.count, let base = input.baseAddress,
               isPrintableASCII(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = input[index]
            if byte >= 0x20, byte < 0x80 {
                index += 1
                continue
            }
            if byte < 0x80 {
                guard byte == .tab || byte == .lineFeed || byte == .carriageReturn else {
                    throw error("control character U+\(hex(UInt32(byte))) is not allowed in XML", at: index, in: input)
                }
                index += 1
                continue
            }
            let length: Int
            var scalar: UInt32
            switch byte {
            case 0xC2...0xDF: (length, scalar) = (2, UInt32(byte & 0x1F))
            case 0xE0...0xEF: (length, scalar) = (3, UInt32(byte & 0x0F))
            case 0xF0...0xF4: (length, scalar) = (4, UInt32(byte & 0x07))
            default: throw invalidUTF8(at: index, in: input)
            }
            guard index + length <= input.count else { throw invalidUTF8(at: index, in: input) }
            for offset in 1..<length {
                let continuation = input[index + offset]
                guard continuation & 0xC0 == 0x80 else { throw invalidUTF8(at: index, in: input) }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            let smallest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x1_0000
            guard scalar >= smallest, scalar <= 0x10_FFFF, !(0xD800...0xDFFF).contains(scalar) else {
                throw invalidUTF8(at: index, in: input)
            }
            guard XMLTreeParser.isAllowedCharacter(scalar) else {
                throw error("the character U+\(hex(scalar)) is not allowed in XML", at: index, in: input)
            }
            index += length
        }
    }

    /// Whether eight bytes are all ASCII from space up, the common case checked a word at a time:
    /// no high bit set, and no byte below 0x20 (the classic "has a byte less than n" test).
    private static func isPrintableASCII(_ word: UInt64) -> Bool {
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let hasByteBelowSpace = (word &- 0x2020_2020_2020_2020) & ~word & highBits
        return (word & highBits) | hasByteBelowSpace == 0
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset; `\r\n` and a lone `\r`
    /// end a line like `\n` does.
    static func location(of offset: Int, in input: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, input.count)
        while index < end {
            let byte = input[index]
            if byte == .lineFeed || (byte == .carriageReturn && (index + 1 == input.count || input[index + 1] != .lineFeed)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80, byte != .carriageReturn {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    private static func invalidUTF8(at offset: Int, in input: UnsafeBufferPointer<UInt8>) -> XMLParseError {
        error("invalid UTF-8 (byte 0x\(String(input[offset], radix: 16, uppercase: true))); answers must be UTF-8", at: offset, in: input)
    }

    private static func error(_ message: String, at offset: Int, in input: UnsafeBufferPointer<UInt8>) -> XMLParseError {
        let (line, column) = location(of: offset, in: input)
        return XMLParseError(message: message, line: line, column: column)
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
