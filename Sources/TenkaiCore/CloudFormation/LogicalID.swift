/// Derives CloudFormation logical IDs from component names.
///
/// IDs come from names only — never from declaration order or a hash of a path — so moving a
/// component keeps its ID, and renaming one is an explicit replacement `diff` can warn about.
public enum LogicalID {
    /// `("files", "Bucket")` → `FilesBucket`; `("app-db", "Database")` → `AppDbDatabase`.
    /// A name that already ends with the kind is not doubled (`("main-vpc", "Vpc")` → `MainVpc`).
    public static func make(_ name: String, kind: String) -> String {
        let base = pascalCase(name)
        return base.hasSuffix(kind) ? base : base + kind
    }

    /// Upper-camel-case of the alphanumeric words of `text` (ASCII; other characters separate words).
    public static func pascalCase(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var startOfWord = true
        for byte in text.utf8 {
            guard isAlphanumeric(byte) else {
                startOfWord = true
                continue
            }
            let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            bytes.append(startOfWord && isLower ? byte - 32 : byte)
            startOfWord = false
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `id` is a valid logical ID (ASCII letters and digits, at most 255 characters).
    public static func isValid(_ id: String) -> Bool {
        let utf8 = id.utf8
        return !utf8.isEmpty && utf8.count <= 255 && utf8.allSatisfy(isAlphanumeric)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: false
        }
    }
}
