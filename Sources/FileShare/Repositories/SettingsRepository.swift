import SQLKit

/// Small key-value facts the service keeps about itself (the one-time set-up token's hash).
struct SettingsRepository: Sendable {
    let sql: any SQLDatabase

    func value(_ key: String) async throws -> String? {
        try await sql.raw("SELECT value FROM settings WHERE key = \(bind: key)").first()?.string("value")
    }

    func set(_ key: String, _ value: String) async throws {
        try await sql.raw("""
            INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: value))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """).run()
    }

    func remove(_ key: String) async throws {
        try await sql.raw("DELETE FROM settings WHERE key = \(bind: key)").run()
    }
}
