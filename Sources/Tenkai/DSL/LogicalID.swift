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

    /// Upper-camel-case of the alphanumeric words of `text`.
    public static func pascalCase(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var startOfWord = true
        for character in text {
            guard character.isASCII, character.isLetter || character.isNumber else {
                startOfWord = true
                continue
            }
            result.append(startOfWord ? Character(character.uppercased()) : character)
            startOfWord = false
        }
        return result
    }

    /// Whether `id` is a valid logical ID (ASCII letters and digits, at most 255 characters).
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 255 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
