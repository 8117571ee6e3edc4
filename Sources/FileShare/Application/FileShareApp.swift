import AWSClient
import Foundation
import Glibc
import HTTPTypes
import Hashing
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Assembles the service: opens and migrates the database, picks the blob store, prepares the
/// first administrator, and builds the router with its middleware.
///
/// ```swift
/// let app = try await FileShareApp.buildApplication(configuration: AppConfiguration(), logger: logger)
/// try await app.runService()
/// ```
public enum FileShareApp {
    /// Opens storage and applies migrations. Tests call this directly to get at the repositories.
    static func makeServices(configuration: AppConfiguration, logger: Logger, blobStore: (any BlobStore)? = nil,
                             clock: AppClock = .system) async throws -> AppServices {
        let database = try await DatabaseHandle.open(url: configuration.databaseURL, dataDirectory: configuration.dataDirectory, logger: logger,
                                                     passwords: configuration.databasePasswordProvider())
        do {
            let applied = try await Migrator(database: database).migrate()
            if !applied.isEmpty { logger.notice("Applied schema migrations", metadata: ["versions": .string("\(applied)")]) }
            let blobs = try blobStore ?? makeBlobStore(configuration: configuration, logger: logger)
            let secret = try configuration.jwtSecret ?? loadOrCreateSecret(in: configuration.dataDirectory)
            let passwords = PasswordHasher(cost: configuration.bcryptCost, threads: configuration.bcryptThreads,
                                           queueLimit: configuration.bcryptQueueLimit)
            return AppServices(
                configuration: configuration, database: database, blobs: blobs,
                tokens: await AccessTokenService(secret: secret, lifetime: configuration.accessTokenLifetime, clock: clock),
                passwords: passwords,
                loginLimiter: LoginRateLimiter(database: database, limit: configuration.loginAttemptsPerWindow, window: configuration.loginWindow),
                metrics: MetricsRegistry(),
                clock: clock,
                decoyPasswordHash: try await passwords.hash(RandomToken.make()))
        } catch {
            try? await database.close()
            throw error
        }
    }

    static func makeBlobStore(configuration: AppConfiguration, logger: Logger) throws -> any BlobStore {
        if let bucket = configuration.filesBucket {
            let session = try AWSSession.fromEnvironment(defaultRegion: configuration.awsRegion)
            return try S3BlobStore(bucket: bucket, session: session, spoolDirectory: configuration.resolvedSpoolDirectory)
        }
        return try LocalBlobStore(root: configuration.dataDirectory + "/files")
    }

    /// Without JWT_SECRET, one instance keeps a generated secret in its data directory (0600).
    static func loadOrCreateSecret(in directory: String) throws -> String {
        let path = directory + "/jwt-secret"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8), existing.count >= 32 {
            return existing.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let secret = RandomToken.make(bytes: 48)
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw AppError(.configuration, status: .internalServerError, message: "Cannot write \(temporary); check DATA_DIR.")
        }
        guard rename(temporary, path) == 0 else { throw POSIXFailure(operation: "rename", path: path) }
        return secret
    }

    /// With no users yet: create the administrator from FILESHARE_ADMIN_EMAIL/PASSWORD, or store a
    /// one-time set-up token and return the link to print.
    static func prepareFirstAdmin(_ services: AppServices, logger: Logger) async throws -> String? {
        guard try await services.users.count() == 0 else { return nil }
        let configuration = services.configuration
        if let email = configuration.adminEmail, let password = configuration.adminPassword {
            _ = try await UserController(services: services).createUser(
                email: email, name: "Administrator", password: password, kind: .staff, isAdmin: true)
            logger.notice("Created the first administrator from FILESHARE_ADMIN_EMAIL", metadata: ["email": .string(email)])
            return nil
        }
        let token = RandomToken.make()
        try await services.settings.set(UserController.setupTokenKey, SHA256.hex(of: token))
        return "\(configuration.baseURL)/setup?token=\(token)"
    }

    static func makeRouter(services: AppServices) -> Router<AppRequestContext> {
        // HEAD answers every GET route with its headers (a HEAD of a download is not a download).
        let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: InFlightMiddleware(state: services.shutdown))
        router.add(middleware: ObservabilityMiddleware(metrics: services.metrics,
                                                      strictTransportSecurity: services.configuration.usesHTTPS,
                                                      trustedProxyHops: services.configuration.trustedProxyHops))
        router.add(middleware: WebErrorPageMiddleware())
        let routes = RouteTable()
        router.add(middleware: MethodNotAllowedMiddleware(routes: routes))
        router.add(middleware: AuthenticationMiddleware(tokens: services.tokens, sessions: services.sessions,
                                                        renewal: CookieRenewal(services: services)))
        OperationsController(services: services).addRoutes(to: router)
        AuthController(services: services).addRoutes(to: router)
        UserController(services: services).addRoutes(to: router)
        AccountController(services: services).addRoutes(to: router)
        PublicShareController(services: services).addRoutes(to: router)
        OpenAPIController().addRoutes(to: router)
        WebController(services: services).addRoutes(to: router)

        let project = router.group("/api/projects/:projectId")
            .add(middleware: ProjectAccessMiddleware(projects: services.projects))
        let files = FileController(services: services)
        ProjectController(services: services).addRoutes(to: router, project: project)
        MemberController(services: services).addRoutes(to: project)
        files.addRoutes(to: project)
        UploadController(services: services, files: files).addRoutes(to: project)
        ShareLinkController(services: services).addRoutes(to: project)
        AuditController(services: services).addRoutes(to: project)
        routes.load(from: router)
        return router
    }

    /// The whole service, ready for `runService()`; the database closes after the server drains.
    public static func buildApplication(configuration: AppConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
        let services = try await makeServices(configuration: configuration, logger: logger)
        if let link = try await prepareFirstAdmin(services, logger: logger) {
            print("No accounts yet. Open this one-time link to create the first administrator:\n  \(link)")
        }
        return makeApplication(services: services, logger: logger)
    }

    /// The HTTP server for `services`: time-outs and the connection limit on every connection, and
    /// on shutdown the responses in flight written out before the database closes.
    static func makeApplication(services: AppServices, logger: Logger,
                                onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
        let configuration = services.configuration
        let counter = ConnectionCounter()
        let guardHandler: @Sendable () -> [any RemovableChannelHandler] = {
            [ConnectionGuardHandler(counter: counter, maxConnections: configuration.maxConnections,
                                    bodyTimeout: .seconds(Int64(configuration.requestBodyTimeout)))]
        }
        return Application(
            router: makeRouter(services: services),
            server: .http1(configuration: .init(additionalChannelHandlers: guardHandler(),
                                                idleTimeout: .seconds(Int64(configuration.idleTimeout)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "fileshare"),
            services: [DatabaseCloser(services: services),
                       MaintenanceService(services: services, interval: .seconds(600), logger: logger),
                       ResponseFlushService(state: services.shutdown, timeout: configuration.shutdownTimeout, logger: logger)],
            onServerRunning: onServerRunning,
            logger: logger)
    }

    /// Builds the service and runs it until SIGTERM or SIGINT: `/readyz` turns unready first, then
    /// the server drains in-flight requests and downloads (blue/green releases rely on this), with
    /// SHUTDOWN_TIMEOUT_SECONDS as the bound, and closes the database.
    public static func serve(configuration: AppConfiguration, logger: Logger) async throws {
        let services = try await makeServices(configuration: configuration, logger: logger)
        if let link = try await prepareFirstAdmin(services, logger: logger) {
            print("No accounts yet. Open this one-time link to create the first administrator:\n  \(link)")
        }
        let group = makeServiceGroup(services: services, logger: logger, signals: [.sigterm, .sigint])
        try await group.run()
    }

    /// The application behind a ``DrainService``: graceful shutdown reaches the drain first (the
    /// last service is shut down first), the HTTP server after it.
    static func makeServiceGroup(services: AppServices, logger: Logger, signals: [UnixSignal],
                                 onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> ServiceGroup {
        let configuration = services.configuration
        let app = makeApplication(services: services, logger: logger, onServerRunning: onServerRunning)
        let drain = DrainService(state: services.shutdown, drainDelay: configuration.shutdownDrainDelay, logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(services: [.init(service: app), .init(service: drain)],
                                                           gracefulShutdownSignals: signals, logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(configuration.shutdownDrainDelay + configuration.shutdownTimeout + 5)
        return ServiceGroup(configuration: groupConfiguration)
    }

    /// Applies pending migrations and exits (`fileshare migrate`).
    public static func migrate(configuration: AppConfiguration, logger: Logger) async throws -> [Int] {
        let database = try await DatabaseHandle.open(url: configuration.databaseURL, dataDirectory: configuration.dataDirectory, logger: logger,
                                                     passwords: configuration.databasePasswordProvider())
        do {
            let applied = try await Migrator(database: database).migrate()
            if let appUser = configuration.databaseAppUser {
                try await AppDatabaseRole(name: appUser, iamAuth: configuration.databaseAppUserIAMAuth).ensure(on: database)
            }
            try await database.close()
            return applied
        } catch {
            try? await database.close()
            throw error
        }
    }
}

/// Closes the database and stops the password threads once the HTTP server has finished its
/// in-flight requests.
struct DatabaseCloser: Service {
    let services: AppServices

    func run() async throws {
        try? await gracefulShutdown()
        await services.passwords.shutdown()
        try await services.database.close()
    }
}
