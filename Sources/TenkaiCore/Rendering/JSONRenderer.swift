/// Writes a ``Value`` as pretty JSON (two-space indent, keys in the value's own order).
///
/// Hand-written rather than `JSONEncoder`: it keeps map order, never reformats numbers, and
/// renders a whole system's templates in well under a millisecond.
public enum JSONRenderer {
    public static func render(_ value: Value) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16 * 1024)
        write(value, indent: 0, into: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// One line, no spaces: for JSON lines and machine output.
    public static func renderCompact(_ value: Value) -> [UInt8] {
        var out: [UInt8] = []
        write(value, indent: nil, into: &out)
        return out
    }

    private static func write(_ value: Value, indent: Int?, into out: inout [UInt8]) {
        switch value {
        case .string(let string): writeString(string, into: &out)
        case .int(let int): out.append(contentsOf: String(int).utf8)
        case .double(let double): out.append(contentsOf: String(double).utf8)
        case .bool(let bool): out.append(contentsOf: (bool ? "true" : "false").utf8)
        case .list(let items):
            writeContainer(open: "[", close: "]", count: items.count, indent: indent, into: &out) { index, out in
                write(items[index], indent: indent.map { $0 + 1 }, into: &out)
            }
        case .map(let fields):
            writeContainer(open: "{", close: "}", count: fields.count, indent: indent, into: &out) { index, out in
                let field = fields[index]
                writeMember(field.key, field.value, indent: indent, into: &out)
            }
        case .function(let name, let argument):
            writeContainer(open: "{", close: "}", count: 1, indent: indent, into: &out) { _, out in
                writeMember(name, argument, indent: indent, into: &out)
            }
        }
    }

    private static func writeMember(_ key: String, _ value: Value, indent: Int?, into out: inout [UInt8]) {
        writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if indent != nil { out.append(UInt8(ascii: " ")) }
        write(value, indent: indent.map { $0 + 1 }, into: &out)
    }

    private static func writeContainer(
        open: Unicode.Scalar, close: Unicode.Scalar, count: Int, indent: Int?, into out: inout [UInt8],
        element: (Int, inout [UInt8]) -> Void
    ) {
        out.append(UInt8(ascii: open))
        guard count > 0 else {
            out.append(UInt8(ascii: close))
            return
        }
        for index in 0..<count {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            newline(indent.map { $0 + 1 }, into: &out)
            element(index, &out)
        }
        newline(indent, into: &out)
        out.append(UInt8(ascii: close))
    }

    private static func newline(_ indent: Int?, into out: inout [UInt8]) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        var remaining = indent * 2
        while remaining > 0 {
            let run = min(remaining, spaces.count)
            spaces.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<run])) }
            remaining -= run
        }
    }

    /// Indentation is copied from here in one go rather than appended a space at a time.
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 128)

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            // Copy runs of bytes that need no escaping in one go; most strings are one run.
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
                case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
                case UInt8(ascii: "\n"): out.append(contentsOf: [92, UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): out.append(contentsOf: [92, UInt8(ascii: "r")])
                case UInt8(ascii: "\t"): out.append(contentsOf: [92, UInt8(ascii: "t")])
                default:
                    out.append(contentsOf: [92, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
