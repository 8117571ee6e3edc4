/// Decides which strings must be quoted in YAML so that no reader takes them for something else.
///
/// YAML 1.1 (what CloudFormation, PyYAML and most tools read) turns plain `yes`, `no`, `on`,
/// `off`, `null`, `~`, numbers in many notations (`0755`, `0x1F`, `1_000`, `1:30`, `.5`),
/// and dates into non-strings. YAML 1.2 adds `1e3`. Quoting a little too often is harmless;
/// quoting too rarely changes the template, so the number test is deliberately broad.
public enum YAMLImplicitTypes {
    private static let keywords: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
        "null", "Null", "NULL", "~", "", "<<", "=",
        ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", "+.Inf", "+.INF",
        ".nan", ".NaN", ".NAN",
    ]

    /// Whether a plain (unquoted) scalar with this text would be read as something other than
    /// the same string.
    public static func needsQuotes(_ string: String) -> Bool {
        if keywords.contains(string) { return true }
        return looksNumericOrDate(string.utf8)
    }

    /// Numbers, sexagesimals and timestamps all start with a digit (after an optional sign or
    /// dot) and use only digits, hex letters, `_ . : + -`, exponent and timestamp letters.
    private static func looksNumericOrDate(_ bytes: String.UTF8View) -> Bool {
        var iterator = bytes.makeIterator()
        guard var first = iterator.next() else { return false }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: ".") {
            guard let next = iterator.next() else { return false }
            first = next
            if first == UInt8(ascii: ".") { guard let after = iterator.next() else { return false }; first = after }
        }
        guard isDigit(first) else { return false }
        while let byte = iterator.next() {
            guard isDigit(byte) || isAllowed(byte) else { return false }
        }
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): true
        case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"), UInt8(ascii: "O"): true
        case UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "-"): true
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "z"), UInt8(ascii: "Z"), UInt8(ascii: " "): true
        default: false
        }
    }
}
