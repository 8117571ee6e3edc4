import ArgumentParser
import FileShare
import Foundation
import Logging

/// `fileshare serve` runs the service; `fileshare migrate` applies schema migrations and exits.
@main
struct FileShareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fileshare",
        abstract: "Share files and contracts per project with customers and partners.",
        discussion: """
            Configuration comes from the environment: HOST, PORT, DATABASE_URL (PostgreSQL; default SQLite in DATA_DIR), \
            DATA_DIR, FILES_BUCKET, JWT_SECRET, FILESHARE_ADMIN_EMAIL, FILESHARE_ADMIN_PASSWORD, PUBLIC_URL, LOG_LEVEL, \
            LOG_FORMAT (json or text). Limits and time-outs: MAX_FILE_SIZE, MAX_PART_SIZE, LOGIN_ATTEMPTS, LINK_PASSWORD_ATTEMPTS, BCRYPT_THREADS, \
            BCRYPT_QUEUE_LIMIT, IDLE_TIMEOUT_SECONDS, REQUEST_BODY_TIMEOUT_SECONDS, MAX_CONNECTIONS, SHUTDOWN_DRAIN_SECONDS, \
            SHUTDOWN_TIMEOUT_SECONDS, UPLOAD_EXPIRY_DAYS, TRUSTED_PROXY_HOPS; METRICS_ENABLED=1 serves /metrics.
            """,
        subcommands: [Serve.self, Migrate.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP service (migrates the database first).")

    @Option(help: "Address to listen on (overrides HOST).") var host: String?
    @Option(help: "Port to listen on (overrides PORT).") var port: Int?

    func run() async throws {
        var configuration = try AppConfiguration(environment: ProcessInfo.processInfo.environment)
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        let logger = makeLogger()
        try await FileShareApp.serve(configuration: configuration, logger: logger)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending schema migrations and exit.")

    func run() async throws {
        let configuration = try AppConfiguration(environment: ProcessInfo.processInfo.environment)
        let applied = try await FileShareApp.migrate(configuration: configuration, logger: makeLogger())
        print(applied.isEmpty ? "The schema is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}

/// JSON lines by default (for log collectors); `LOG_FORMAT=text` for people reading a terminal.
func makeLogger() -> Logger {
    if ProcessInfo.processInfo.environment["LOG_FORMAT"] != "text" {
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
    }
    var logger = Logger(label: "fileshare")
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return logger
}
