/// Reads JSON text into a ``Value``: the inverse of ``JSONRenderer``, so a rendered template or
/// manifest read back renders to the same bytes.
///
/// A map with the single key `Ref` or `Fn::…` becomes ``Value/function(_:_:)``, as the translators
/// build it. Whole numbers become `.int`, others `.double`; map order is kept. The reader is
/// strict: `null`, trailing commas, comments, duplicate keys and nesting deeper than
/// ``maximumDepth`` are errors that name the line and column.
///
/// ```swift
/// let manifest = try JSONReader.read(bytes, file: "cloud.out/fileshare/dev/manifest.json")
/// ```
public struct JSONReader {
    /// Deeper nesting is refused: no template comes near it, and recursion must stay bounded.
    public static let maximumDepth = 512

    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var depth = 0

    private init(_ bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Parses one JSON document; `file` names it in errors.
    public static func read(_ bytes: [UInt8], file: String = "<json>") throws(TenkaiError) -> Value {
        var reader = JSONReader(bytes, file: file)
        reader.skipWhitespace()
        let value = try reader.readValue()
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    // MARK: - Values

    private mutating func readValue() throws(TenkaiError) -> Value {
        guard index < bytes.count else { throw error("the JSON ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): throw error("null has no meaning here", hint: "leave the key out instead")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
        }
    }

    private mutating func readObject() throws(TenkaiError) -> Value {
        try enter()
        index += 1
        var fields = Fields()
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            depth -= 1
            return .map(fields)
        }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw error("expected a key in quotes") }
            let keyStart = index
            let key = try readString()
            if fields[key] != nil {
                index = keyStart
                throw error("the key '\(key)' appears twice in one object")
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after the key '\(key)'") }
            index += 1
            skipWhitespace()
            fields[key] = try readValue()
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
                continue
            }
            guard peek(UInt8(ascii: "}")) else { throw error("expected ',' or '}' in an object") }
            index += 1
            break
        }
        depth -= 1
        if fields.count == 1, let name = fields.first?.key, name == "Ref" || name.hasPrefix("Fn::") {
            return .function(name, fields[0].value)
        }
        return .map(fields)
    }

    private mutating func readArray() throws(TenkaiError) -> Value {
        try enter()
        index += 1
        var items: [Value] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            depth -= 1
            return .list(items)
        }
        while true {
            skipWhitespace()
            items.append(try readValue())
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
                continue
            }
            guard peek(UInt8(ascii: "]")) else { throw error("expected ',' or ']' in a list") }
            index += 1
            break
        }
        depth -= 1
        return .list(items)
    }

    private mutating func enter() throws(TenkaiError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("JSON nested deeper than \(Self.maximumDepth) levels") }
    }

    // MARK: - Scalars

    private mutating func readString() throws(TenkaiError) -> String {
        index += 1
        var out: [UInt8] = []
        var runStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                out.append(contentsOf: bytes[runStart..<index])
                index += 1
                guard let text = String(validating: out, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
                return text
            }
            if byte < 0x20 { throw error("a control character must be escaped inside a string") }
            if byte == UInt8(ascii: "\\") {
                out.append(contentsOf: bytes[runStart..<index])
                try readEscape(into: &out)
                runStart = index
                continue
            }
            index += 1
        }
        throw error("a string is not closed")
    }

    private mutating func readEscape(into out: inout [UInt8]) throws(TenkaiError) {
        index += 1
        guard index < bytes.count else { throw error("a string ends inside an escape") }
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("a surrogate pair is incomplete")
                }
                index += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("a surrogate pair is invalid") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("\\u escape names no character") }
            out.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            index -= 1
            throw error("unknown escape '\\\(Character(Unicode.Scalar(escaped)))'")
        }
    }

    private mutating func readHex4() throws(TenkaiError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func readNumber() throws(TenkaiError) -> Value {
        let start = index
        var isWhole = true
        if peek(UInt8(ascii: "-")) { index += 1 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || byte == UInt8(ascii: "+") || (byte == UInt8(ascii: "-") && index > start)
            {
                isWhole = false
                index += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isWhole, let int = Int(text) { return .int(int) }
        guard let double = Double(text), double.isFinite else {
            index = start
            throw error("'\(text)' is not a number")
        }
        return .double(double)
    }

    private mutating func expectWord(_ word: StaticString) throws(TenkaiError) {
        let count = word.utf8CodeUnitCount
        let matches = index + count <= bytes.count
            && word.withUTF8Buffer { Array($0) } == Array(bytes[index..<(index + count)])
        guard matches else { throw error("unexpected word") }
        index += count
    }

    // MARK: - Position

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func error(_ message: String, hint: String? = nil) -> TenkaiError {
        var line = 1, column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return TenkaiError(.invalidInput, message, location: SourceLocation(file: file, line: line, column: column), hint: hint)
    }
}
