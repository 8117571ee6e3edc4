/// One numbered, named change to the schema. Statements are portable SQL; where SQLite and
/// PostgreSQL differ (triggers), a migration gives each its own statements.
struct Migration: Sendable {
    let version: Int
    let name: String
    let portable: [String]
    var sqliteOnly: [String] = []
    var postgresOnly: [String] = []

    func statements(for kind: DatabaseHandle.Kind) -> [String] {
        portable + (kind == .sqlite ? sqliteOnly : postgresOnly)
    }
}
