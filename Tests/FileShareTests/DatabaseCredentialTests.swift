import AWSClient
import Foundation
import Logging
import SQLKit
import Synchronization
import Testing
import TestSupport
@testable import FileShare

/// Stands in for the place a changing credential comes from (the secret after a rotation, a newly
/// signed token): the test changes it while the service's pool is running.
final class ChangingPassword: DatabasePasswordProvider {
    private let current: Mutex<String>
    let name = "the test's changing password"
    init(_ value: String) { current = Mutex(value) }
    func set(_ value: String) { current.withLock { $0 = value } }
    func password() async throws -> String { current.withLock { $0 } }
}

/// Keeps every log line (message and metadata) so a test can look for leaked secrets.
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])
    var logger: Logger {
        Logger(label: "captured") { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
        }
    }
}

/// A fresh database on the test server plus a login role in `password_login`, which the server
/// (scripts/start-postgres.sh) makes log in with a password, as RDS does.
struct PasswordRoleDatabase {
    let adminURL: String
    let role: String
    let drop: @Sendable () async -> Void

    static func make(password: String) async throws -> PasswordRoleDatabase {
        let (url, dropDatabase) = try await Backend.postgres.makeDatabaseURL()
        let role = "rotation_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = try await DatabaseHandle.open(url: url, dataDirectory: "", logger: Logger(label: "test"))
        try await admin.sql.raw("CREATE ROLE \(unsafeRaw: role) LOGIN PASSWORD '\(unsafeRaw: password)' IN ROLE password_login").run()
        try await admin.close()
        return PasswordRoleDatabase(adminURL: url, role: role) {
            await dropDatabase()
            await PasswordRoleDatabase.dropRole(role, serverURL: url)
        }
    }

    static func dropRole(_ role: String, serverURL: String) async {
        guard let admin = try? await DatabaseHandle.open(url: serverURL, dataDirectory: "", logger: Logger(label: "test")) else { return }
        try? await admin.sql.raw("DROP ROLE IF EXISTS \(unsafeRaw: role)").run()
        try? await admin.close()
    }

    /// The same database, logging in as `role`, with `password` written in the URL.
    func url(password: String? = nil) -> String {
        var components = URLComponents(string: adminURL)!
        components.user = role
        components.password = password
        return components.string!
    }

    func admin<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let admin = try await DatabaseHandle.open(url: adminURL, dataDirectory: "", logger: Logger(label: "test"))
        do {
            let result = try await body(admin.sql)
            try await admin.close()
            return result
        } catch {
            try? await admin.close()
            throw error
        }
    }
}

@Suite("Database credentials that survive rotation (real PostgreSQL)", .serialized)
struct DatabaseCredentialTests {
    /// More queries at once than the pool has connections open, so the pool must log in anew.
    static func runConcurrently(_ database: DatabaseHandle, count: Int = 10) async -> [Result<String, any Error>] {
        await withTaskGroup(of: Result<String, any Error>.self) { group in
            for _ in 0..<count {
                group.addTask {
                    do {
                        let row = try await database.sql.raw("SELECT current_user AS name FROM pg_sleep(0.3)").first()
                        return .success(try row?.decode(column: "name", as: String.self) ?? "")
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("after ALTER ROLE … PASSWORD, new connections of the running pool log in with the provider's new password")
    func passwordChangedWhileRunning() async throws {
        let database = try await PasswordRoleDatabase.make(password: "first-Secret-1")
        let provider = ChangingPassword("first-Secret-1")
        let log = CapturedLog()
        let fixed = try await DatabaseHandle.open(url: database.url(password: "first-Secret-1"), dataDirectory: "", logger: log.logger)
        let fresh = try await DatabaseHandle.open(url: database.url(), dataDirectory: "", logger: Logger(label: "test"), passwords: provider)
        #expect(try await fresh.sql.raw("SELECT current_user AS name").first()?.decode(column: "name", as: String.self) == database.role)

        // The rotation: the server gets the new password, the credential source hands it out.
        let changedAt = try await database.admin { sql in
            try await sql.raw("ALTER ROLE \(unsafeRaw: database.role) PASSWORD 'second-Secret-2'").run()
            return try await sql.raw("SELECT extract(epoch FROM clock_timestamp())::float8 AS at").first()!.decode(column: "at", as: Double.self)
        }
        provider.set("second-Secret-2")

        let freshResults = await Self.runConcurrently(fresh)
        #expect(freshResults.allSatisfy { (try? $0.get()) == database.role }, "\(freshResults)")
        let backends = try await database.admin {
            try await $0.raw("""
                SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE usename = \(bind: database.role) AND backend_start > to_timestamp(\(bind: changedAt))
                """).first()!.decode(column: "n", as: Int.self)
        }
        #expect(backends >= 1, "the pool logged in anew after the change")

        // The old way (the password fixed at start-up) fails on its new connections: the test can fail.
        let fixedResults = await Self.runConcurrently(fixed)
        let failures = fixedResults.compactMap { result -> String? in
            if case .failure(let error) = result { return String(describing: error) }
            return nil
        }
        // A request gets the refused login, or times out waiting when the pool's attempt failed for another waiter.
        #expect(failures.contains { $0.contains("refused the login of \(database.role)") }, "\(failures)")
        #expect(failures.allSatisfy { $0.contains("refused the login of \(database.role)") || $0.contains("connectionRequestTimeout") }, "\(failures)")
        #expect(!failures.contains { $0.contains("first-Secret-1") || $0.contains("second-Secret-2") })
        let lines = log.lines.withLock { $0 }
        #expect(lines.contains { $0.contains("refused the login of \(database.role)") }, "\(lines)")
        #expect(!lines.contains { $0.contains("first-Secret-1") || $0.contains("second-Secret-2") }, "\(lines)")
        try await fresh.close()
        try await fixed.close()
        await database.drop()
    }

    @Test("a wrong password stops start-up with a clear error that names the user, not the password")
    func wrongPassword() async throws {
        let database = try await PasswordRoleDatabase.make(password: "right-Secret-3")
        let error = await #expect(throws: AppError.self) {
            _ = try await DatabaseHandle.open(url: database.url(), dataDirectory: "", logger: Logger(label: "test"),
                                              passwords: ChangingPassword("wrong-Secret-4"))
        }
        let message = error.map { String(describing: $0) } ?? ""
        #expect(message.contains("Cannot use PostgreSQL at 127.0.0.1:"), "\(message)")
        #expect(message.contains("refused the login of \(database.role) with the test's changing password"), "\(message)")
        #expect(message.contains("password authentication failed"), "\(message)")
        #expect(!message.contains("wrong-Secret-4") && !message.contains("right-Secret-3"))
        await database.drop()
    }

    @Test("an IAM token is a fresh password per connection: the role logs in with the token the provider signs")
    func iamTokenAsPassword() async throws {
        let time = Mutex(Date(timeIntervalSince1970: 1_780_000_000))
        let provider = RDSAuthTokenProvider(
            host: "127.0.0.1", port: 54329, user: "fileshare_app", region: "eu-west-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret-key-example")),
            now: { time.withLock { $0 } })
        let token = try await provider.password()
        let database = try await PasswordRoleDatabase.make(password: token)
        let handle = try await DatabaseHandle.open(url: database.url(), dataDirectory: "", logger: Logger(label: "test"), passwords: provider)
        #expect(try await handle.sql.raw("SELECT current_user AS name").first()?.decode(column: "name", as: String.self) == database.role)
        // A minute later the provider signs another token: new logins send it, not the first one.
        time.withLock { $0 += 60 }
        let next = try await provider.password()
        #expect(next != token)
        try await database.admin { try await $0.raw("ALTER ROLE \(unsafeRaw: database.role) PASSWORD '\(unsafeRaw: next)'").run() }
        let results = await Self.runConcurrently(handle)
        #expect(results.allSatisfy { (try? $0.get()) == database.role }, "\(results)")
        try await handle.close()
        await database.drop()
    }
}

@Suite("RDS IAM auth tokens")
struct RDSAuthTokenTests {
    @Test("the token matches botocore's generate_db_auth_token for the same credentials and time")
    func matchesBotocore() async throws {
        let script = """
            import datetime
            from unittest import mock
            import botocore.auth, botocore.session
            fixed = datetime.datetime(2026, 1, 2, 3, 4, 5)
            # botocore reads the clock through get_current_datetime (1.36 and later) or datetime.utcnow (before).
            with mock.patch.object(botocore.auth, "get_current_datetime", return_value=fixed, create=True), \
                    mock.patch("botocore.auth.datetime") as clock:
                clock.datetime.utcnow.return_value = fixed
                session = botocore.session.Session()
                session.set_credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token/with+chars=")
                client = session.create_client("rds", region_name="eu-west-1")
                print(client.generate_db_auth_token("db.abc.eu-west-1.rds.amazonaws.com", 5432, "fileshare_app"))
            """
        let result = try await runProcess(ProjectPaths.venvTool("python"), ["-c", script])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                         sessionToken: "token/with+chars=")
        let provider = RDSAuthTokenProvider(host: "db.abc.eu-west-1.rds.amazonaws.com", port: 5432, user: "fileshare_app",
                                            region: "eu-west-1", credentials: StaticCredentialProvider(credentials),
                                            now: { Date(timeIntervalSince1970: 1_767_323_045) })  // 2026-01-02T03:04:05Z
        let token = try await provider.password()
        func split(_ token: String) -> (prefix: Substring, items: Set<Substring>) {
            let parts = token.split(separator: "?", maxSplits: 1)
            return (parts[0], Set(parts[1].split(separator: "&")))
        }
        // RDS checks the signature, not the order of the parameters (botocore does not sort them).
        #expect(split(token).prefix == split(expected).prefix)
        #expect(split(token).items == split(expected).items, "\(token)\n\(expected)")
        #expect(token.contains("X-Amz-Expires=900"))
    }

    @Test("no AWS credentials: a clear error naming DB_IAM_AUTH")
    func noCredentials() async throws {
        struct Nothing: CredentialProvider {
            var name: String { "environment" }
            func resolve() async throws -> AWSCredentials? { nil }
            var whyNotConfigured: String { "AWS_ACCESS_KEY_ID is not set" }
        }
        let provider = RDSAuthTokenProvider(host: "db", port: 5432, user: "app", region: "eu-west-1", credentials: Nothing())
        let error = await #expect(throws: AppError.self) { _ = try await provider.password() }
        #expect(error.map { String(describing: $0) }?.contains("DB_IAM_AUTH=1 needs AWS credentials") == true)
    }

    @Test("DB_IAM_AUTH=1 builds a password-free URL from DB_USER and refuses plain-text connections")
    func configuration() throws {
        let base = ["DB_IAM_AUTH": "1", "DATABASE_HOST": "db.example", "DATABASE_NAME": "fileshare", "DB_USER": "fileshare_app"]
        let configuration = try AppConfiguration(environment: base)
        #expect(configuration.databaseIAMAuth)
        #expect(configuration.databaseURL == "postgres://fileshare_app@db.example:5432/fileshare?sslmode=require")
        #expect(throws: AppError.self) { try AppConfiguration(environment: base.merging(["DATABASE_TLS": "disable"]) { $1 }) }
        #expect(throws: AppError.self) { try AppConfiguration(environment: ["DB_IAM_AUTH": "1"]) }
        let provider = try configuration.databasePasswordProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "eu-west-1",
        ]) as? SignedAheadPassword
        let tokens = provider?.signer as? RDSAuthTokenProvider
        #expect(tokens?.host == "db.example" && tokens?.port == 5432 && tokens?.user == "fileshare_app" && tokens?.region == "eu-west-1")
        #expect(provider?.currentPassword() == nil, "nothing is signed before the first connection")
    }
}
