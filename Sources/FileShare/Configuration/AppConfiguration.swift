import Foundation
import Hummingbird
import HTTPTypes

/// Everything the service reads from its environment, with defaults that make
/// `fileshare serve` work with no configuration at all: 127.0.0.1:8080, SQLite and local files
/// under `./fileshare-data`.
///
/// ```swift
/// let configuration = try AppConfiguration(environment: ProcessInfo.processInfo.environment)
/// ```
public struct AppConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// `postgres://user:password@host:port/database` in production; nil means SQLite in `dataDirectory`.
    public var databaseURL: String?
    /// `DB_IAM_AUTH=1`: log in to PostgreSQL with a fresh RDS IAM auth token per connection
    /// (``RDSAuthTokenProvider``) instead of a password; the URL then carries none.
    public var databaseIAMAuth = false
    /// `DB_APP_USER`: the app's own least-privilege role, which `fileshare migrate` (run as the
    /// master user) creates or repairs after the migrations (``AppDatabaseRole``). It logs in with
    /// IAM tokens (`GRANT rds_iam`) unless `DB_APP_IAM_AUTH=0` (then it needs a password set by hand).
    /// Separate from `DB_IAM_AUTH`, which is how this process itself logs in.
    public var databaseAppUser: String?
    public var databaseAppUserIAMAuth = true
    /// Where the SQLite file, local blobs and the generated signing key live.
    public var dataDirectory = "fileshare-data"
    /// Where uploads to S3 are staged (`SPOOL_DIR`); nil means `dataDirectory/spool`. The
    /// deployment sets it to a path its task definition mounts writable.
    public var spoolDirectory: String?
    /// An S3 bucket for file contents; nil means local files in `dataDirectory/files`. Region,
    /// credentials and endpoint (`AWS_ENDPOINT_URL_S3`) come from the standard AWS variables.
    public var filesBucket: String?
    public var awsRegion = "us-east-1"
    /// HMAC secret for access tokens; shared by every instance. Nil: generated once and kept in the data directory.
    public var jwtSecret: String?
    /// Lifetime of one access token.
    public var accessTokenLifetime: TimeInterval = 15 * 60
    /// How long after login a session may still be extended by refreshing a valid token.
    public var sessionRefreshWindow: TimeInterval = 12 * 3600
    /// Largest accepted file (any upload route), in bytes.
    public var maxFileSize = 5 * 1024 * 1024 * 1024
    /// Largest part of a multipart upload, in bytes.
    public var maxPartSize = 512 * 1024 * 1024
    /// Media types refused at upload (browsers could run them if they were ever rendered inline).
    public var blockedContentTypes: Set<String> = [
        "text/html", "application/xhtml+xml", "image/svg+xml", "text/javascript", "application/javascript",
        "application/x-msdownload", "application/x-sh",
    ]
    /// Default and longest lifetime of a share link.
    public var shareLinkDefaultLifetime: TimeInterval = 7 * 86400
    public var shareLinkMaxLifetime: TimeInterval = 90 * 86400
    /// Failed logins allowed per client address and account within `loginWindow` (all instances together).
    public var loginAttemptsPerWindow = 5
    public var loginWindow: TimeInterval = 15 * 60
    /// Wrong passwords for one share link from all addresses together within `loginWindow`; then the
    /// link refuses every password (the right one too) until the oldest failure ages out.
    public var linkPasswordAttemptsPerWindow = 20
    /// First administrator, created at start-up when the database has no users.
    public var adminEmail: String?
    public var adminPassword: String?
    /// The address users type into their browser (for set-up and share links).
    public var publicURL: String?
    /// How many proxies in front of the service append to `X-Forwarded-For` (an ALB is one); 0 means
    /// the socket peer is the client. `TRUST_FORWARDED_FOR=1` is the same as one hop.
    public var trustedProxyHops = 0
    /// Cost of bcrypt password hashes.
    public var bcryptCost: UInt8 = 12
    /// Threads that do nothing but bcrypt, and how many checks may wait for them before callers get 503.
    public var bcryptThreads = 1
    public var bcryptQueueLimit = 32
    /// Serve Prometheus metrics at `/metrics` (off by default: they are public to anyone who can reach the port).
    public var metricsEnabled = false
    /// How long an unfinished multipart upload is kept before its parts are deleted.
    public var uploadLifetime: TimeInterval = 7 * 86400
    /// Longest wait for a complete request head, and for the next request on a kept-alive connection.
    public var idleTimeout: TimeInterval = 30
    /// Longest pause while a request body is arriving.
    public var requestBodyTimeout: TimeInterval = 30
    /// Open connections beyond which new ones get 503 and are closed.
    public var maxConnections = 512
    /// On SIGTERM: how long `/readyz` reports unready before the server stops accepting, and the
    /// longest it then waits for responses in flight.
    public var shutdownDrainDelay: TimeInterval = 5
    public var shutdownTimeout: TimeInterval = 60

    public init() {}

    /// Reads the configuration from environment variables; an unparsable value is an error that
    /// names the variable and what it expects.
    public init(environment: [String: String]) throws {
        self.init()
        func text(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        func integer(_ name: String) throws -> Int? {
            guard let value = text(name) else { return nil }
            guard let number = Int(value), number > 0 else {
                throw AppError(.configuration, status: .internalServerError,
                               message: "\(name) must be a positive whole number, not '\(value)'.",
                               context: ["variable": name])
            }
            return number
        }
        host = text("HOST") ?? host
        if let port = try integer("PORT") {
            guard port < 65536 else {
                throw AppError(.configuration, status: .internalServerError,
                               message: "PORT must be between 1 and 65535.", context: ["variable": "PORT"])
            }
            self.port = port
        }
        databaseIAMAuth = text("DB_IAM_AUTH") == "1"
        databaseURL = try text("DATABASE_URL") ?? Self.databaseURL(fromParts: text, iamAuth: databaseIAMAuth)
        if databaseIAMAuth { try Self.checkIAMAuth(databaseURL) }
        databaseAppUser = text("DB_APP_USER")
        databaseAppUserIAMAuth = text("DB_APP_IAM_AUTH") != "0"
        dataDirectory = text("DATA_DIR") ?? dataDirectory
        spoolDirectory = text("SPOOL_DIR")
        filesBucket = text("FILES_BUCKET")
        awsRegion = text("AWS_REGION") ?? text("AWS_DEFAULT_REGION") ?? awsRegion
        jwtSecret = text("JWT_SECRET")
        if let seconds = try integer("ACCESS_TOKEN_SECONDS") { accessTokenLifetime = TimeInterval(seconds) }
        if let seconds = try integer("SESSION_REFRESH_SECONDS") { sessionRefreshWindow = TimeInterval(seconds) }
        maxFileSize = try integer("MAX_FILE_SIZE") ?? maxFileSize
        maxPartSize = try integer("MAX_PART_SIZE") ?? maxPartSize
        if let days = try integer("SHARE_LINK_DEFAULT_DAYS") { shareLinkDefaultLifetime = TimeInterval(days) * 86400 }
        if let days = try integer("SHARE_LINK_MAX_DAYS") { shareLinkMaxLifetime = TimeInterval(days) * 86400 }
        loginAttemptsPerWindow = try integer("LOGIN_ATTEMPTS") ?? loginAttemptsPerWindow
        linkPasswordAttemptsPerWindow = try integer("LINK_PASSWORD_ATTEMPTS") ?? linkPasswordAttemptsPerWindow
        adminEmail = text("FILESHARE_ADMIN_EMAIL")
        adminPassword = text("FILESHARE_ADMIN_PASSWORD")
        publicURL = text("PUBLIC_URL")
        if text("TRUST_FORWARDED_FOR") == "1" { trustedProxyHops = 1 }
        trustedProxyHops = try integer("TRUSTED_PROXY_HOPS") ?? trustedProxyHops
        bcryptThreads = try integer("BCRYPT_THREADS") ?? bcryptThreads
        bcryptQueueLimit = try integer("BCRYPT_QUEUE_LIMIT") ?? bcryptQueueLimit
        metricsEnabled = text("METRICS_ENABLED") == "1"
        if let days = try integer("UPLOAD_EXPIRY_DAYS") { uploadLifetime = TimeInterval(days) * 86400 }
        if let seconds = try integer("IDLE_TIMEOUT_SECONDS") { idleTimeout = TimeInterval(seconds) }
        if let seconds = try integer("REQUEST_BODY_TIMEOUT_SECONDS") { requestBodyTimeout = TimeInterval(seconds) }
        maxConnections = try integer("MAX_CONNECTIONS") ?? maxConnections
        if let seconds = try integer("SHUTDOWN_DRAIN_SECONDS") { shutdownDrainDelay = TimeInterval(seconds) }
        if let seconds = try integer("SHUTDOWN_TIMEOUT_SECONDS") { shutdownTimeout = TimeInterval(seconds) }
        if let cost = try integer("BCRYPT_COST") {
            guard (4...31).contains(cost) else {
                throw AppError(.configuration, status: .internalServerError,
                               message: "BCRYPT_COST must be between 4 and 31.", context: ["variable": "BCRYPT_COST"])
            }
            bcryptCost = UInt8(cost)
        }
    }

    /// A PostgreSQL URL from `DATABASE_HOST`, `DATABASE_PORT`, `DATABASE_NAME`, `DATABASE_USER` and
    /// `DATABASE_PASSWORD`: the form ECS gives when the password is injected from Secrets Manager
    /// on its own. TLS is required (`DATABASE_TLS=disable` turns it off for a local server).
    /// With IAM auth there is no password, and the user may come from `DB_USER`.
    static func databaseURL(fromParts environmentText: (String) -> String?, iamAuth: Bool = false) throws -> String? {
        func text(_ name: String) -> String? {
            if iamAuth, name == "DATABASE_USER" { return environmentText("DB_USER") ?? environmentText(name) }
            return environmentText(name)
        }
        guard let host = text("DATABASE_HOST") else { return nil }
        let required = iamAuth ? ["DATABASE_NAME", "DATABASE_USER"] : ["DATABASE_NAME", "DATABASE_USER", "DATABASE_PASSWORD"]
        let missing = required.filter { text($0) == nil }
        guard missing.isEmpty else {
            throw AppError(.configuration, status: .internalServerError,
                           message: "DATABASE_HOST is set but \(missing.joined(separator: ", ")) is not.",
                           context: ["variable": missing[0]])
        }
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        func encoded(_ name: String) -> String { text(name)!.addingPercentEncoding(withAllowedCharacters: unreserved)! }
        let port = text("DATABASE_PORT") ?? "5432"
        let tls = text("DATABASE_TLS") == "disable" ? "disable" : "require"
        let credentials = iamAuth ? encoded("DATABASE_USER") : "\(encoded("DATABASE_USER")):\(encoded("DATABASE_PASSWORD"))"
        return "postgres://\(credentials)@\(host):\(port)/\(encoded("DATABASE_NAME"))?sslmode=\(tls)"
    }

    /// IAM auth needs PostgreSQL with a user, and TLS: RDS accepts a token only over TLS.
    static func checkIAMAuth(_ url: String?) throws {
        guard let url, url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"),
              let components = URLComponents(string: url), components.user?.isEmpty == false, components.host?.isEmpty == false else {
            throw AppError(.configuration, status: .internalServerError,
                           message: "DB_IAM_AUTH=1 needs a PostgreSQL database with a user: set DATABASE_HOST, DATABASE_NAME and DB_USER (or a postgres:// DATABASE_URL).",
                           context: ["variable": "DB_IAM_AUTH"])
        }
        let mode = components.queryItems?.first { ["sslmode", "tlsmode", "tls", "ssl"].contains($0.name) }?.value
        guard let mode, ["require", "verify-full", "verify-ca"].contains(mode) else {
            throw AppError(.configuration, status: .internalServerError,
                           message: "DB_IAM_AUTH=1 sends a signed token as the password, which RDS accepts only over TLS: use sslmode=require (drop DATABASE_TLS=disable).",
                           context: ["variable": "DB_IAM_AUTH"])
        }
    }

    /// Whether browsers reach the service over HTTPS: everywhere except plain http on a loopback
    /// address (development). Session cookies are then `Secure` and responses carry HSTS, even
    /// without PUBLIC_URL (behind a load balancer that ends TLS).
    public var usesHTTPS: Bool {
        guard baseURL.hasPrefix("http://") else { return true }
        let host = URLComponents(string: baseURL)?.host ?? ""
        return !(host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]")
    }

    /// The spool directory in effect.
    public var resolvedSpoolDirectory: String { spoolDirectory ?? dataDirectory + "/spool" }

    /// The directories this configuration makes the service write to at start-up and while it
    /// runs: a deployment must mount each of them writable for the service's user.
    public var writableDirectories: [String] {
        var directories: [String] = []
        if databaseURL == nil || jwtSecret == nil { directories.append(dataDirectory) }
        directories.append(filesBucket == nil ? dataDirectory + "/files" : resolvedSpoolDirectory)
        return directories
    }

    /// The base URL put in set-up and share links.
    public var baseURL: String { publicURL ?? "http://\(host):\(port)" }

    /// The base URL for links handed back in a response: `PUBLIC_URL`, else the configured address.
    /// The request's `Host` header, which the caller writes, is used only when it names this
    /// machine's loopback address (local development on a port chosen at start-up), so a link is
    /// never built on a host name an attacker sent.
    func baseURL(for request: Request) -> String {
        if publicURL == nil, let authority = request.head.authority,
           let host = URLComponents(string: "http://" + authority)?.host,
           ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host),
           authority.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".:[]".contains($0)) }) {
            return "http://\(authority)"
        }
        return baseURL
    }
}
