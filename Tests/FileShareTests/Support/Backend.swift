import Foundation
import Logging
import SQLKit
@testable import FileShare

/// The two databases every repository-backed test runs against.
enum Backend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, postgres

    var description: String { rawValue }

    /// The database URL for one test: an in-memory SQLite database, or a fresh PostgreSQL database
    /// on the server `make test` starts (dropped again by `drop`).
    /// `shared` gives SQLite a file, so that two service instances can open the same database.
    func makeDatabaseURL(shared: Bool = false) async throws -> (url: String, drop: @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            guard shared else { return ("sqlite::memory:", {}) }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("fileshare-\(UUID().uuidString).sqlite").path
            return ("sqlite://" + path, { try? FileManager.default.removeItem(atPath: path) })
        case .postgres:
            guard let base = ProcessInfo.processInfo.environment["FILESHARE_TEST_DATABASE_URL"], !base.isEmpty else {
                throw TestSetupError(message: """
                    FILESHARE_TEST_DATABASE_URL is not set, so the PostgreSQL tests cannot run. Run `make test`, which \
                    starts PostgreSQL on 127.0.0.1 with scripts/start-postgres.sh and passes its URL, or set it yourself: \
                    FILESHARE_TEST_DATABASE_URL=$(scripts/start-postgres.sh) swift test
                    """)
            }
            let name = "fileshare_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            let admin = try await DatabaseHandle.open(url: base, dataDirectory: "", logger: Logger(label: "test"))
            try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: String(name))").run()
            try await admin.close()
            guard let slash = base.lastIndex(of: "/") else { throw TestSetupError(message: "Bad database URL \(base)") }
            let url = base[..<slash] + "/" + name
            return (String(url), {
                guard let admin = try? await DatabaseHandle.open(url: base, dataDirectory: "", logger: Logger(label: "test")) else { return }
                try? await admin.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run()
                try? await admin.close()
            })
        }
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
