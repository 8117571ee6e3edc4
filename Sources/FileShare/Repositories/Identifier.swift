import Foundation

/// New row identifiers: random UUIDs as lower-case text, the same on SQLite and PostgreSQL.
enum Identifier {
    static func make() -> String { UUID().uuidString.lowercased() }

    /// Whether `text` looks like an identifier we issued (cheap rejection of junk in paths).
    static func isValid(_ text: some StringProtocol) -> Bool {
        text.count == 36 && UUID(uuidString: String(text)) != nil
    }
}
