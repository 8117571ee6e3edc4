import Tenkai

/// The CRM back end: one Fargate task, six containers, started in this order:
///
/// 1. `migrate` exits at once (not essential): the migration (`migrate up --seed`) runs once per
///    release, as `tenkai release`'s migration task overriding this container's command, never
///    when a task starts (locally, compose runs it at start);
/// 2. `staff-api` (HTTP 8081, gRPC 50051: the auth server) once `migrate` succeeded;
/// 3. `user-api` (8082) and `inquiry-api` (8083) once `staff-api` is healthy, since every
///    request they serve asks it about the caller over gRPC;
/// 4. `gateway` (GraphQL federation, 4000) once the three APIs are healthy;
/// 5. `proxy` (8080, the load balancer's target) once the gateway is healthy; it rejects
///    requests without a valid JWT before they reach the gateway.
enum CRMTask {
    static let authAddress = "localhost:50051"
    /// The root filesystems are read-only; each container gets an empty, writable /tmp of task
    /// storage for the temporary files every runtime writes (the apps' own scratch folders
    /// are theirs to declare when their images are).
    static let scratch = ["/tmp"]
    /// Migrates and seeds the database: the release's migration task runs it in `migrate`.
    static let migration = ["migrate", "up", "--seed"]

    static func service(
        _ env: Environment, network: Network, database db: Database, signingKey: GeneratedSecret, images: CRMImages, tag: String
    ) -> Service {
        Service("api", in: network) {
            Container("migrate", image: .repository(images.migrate, tag: tag)) {
                databaseSettings(db)
            }
            .essential(false)
            .command(["sh", "-c", "exit 0"])
            .writablePaths(scratch)

            Container("staff-api", image: .repository(images.staffAPI, tag: tag)) {
                Port(8081)
                Port(50051)
                StartAfter("migrate", .success)
                databaseSettings(db, schema: "staff")
                Env("HTTP_PORT", "8081")
                Env("GRPC_PORT", "50051")
                Secret("JWT_SIGNING_KEY", signingKey.value)
            }
            .healthCheck(healthCheck(port: 8081))
            .writablePaths(scratch)

            Container("user-api", image: .repository(images.userAPI, tag: tag)) {
                Port(8082)
                StartAfter("migrate", .success)
                StartAfter("staff-api", .healthy)
                databaseSettings(db, schema: "users")
                Env("HTTP_PORT", "8082")
                Env("AUTH_GRPC_ADDRESS", authAddress)
            }
            .healthCheck(healthCheck(port: 8082))
            .writablePaths(scratch)

            Container("inquiry-api", image: .repository(images.inquiryAPI, tag: tag)) {
                Port(8083)
                StartAfter("migrate", .success)
                StartAfter("staff-api", .healthy)
                databaseSettings(db, schema: "inquiries")
                Env("HTTP_PORT", "8083")
                Env("AUTH_GRPC_ADDRESS", authAddress)
            }
            .healthCheck(healthCheck(port: 8083))
            .writablePaths(scratch)

            Container("gateway", image: .repository(images.gateway, tag: tag)) {
                Port(4000)
                StartAfter("staff-api", .healthy)
                StartAfter("user-api", .healthy)
                StartAfter("inquiry-api", .healthy)
                Env("PORT", "4000")
                Env(
                    "SUBGRAPHS",
                    "staff=http://localhost:8081/graphql,users=http://localhost:8082/graphql,inquiries=http://localhost:8083/graphql")
            }
            .healthCheck(healthCheck(port: 4000))
            .writablePaths(scratch)

            Container("proxy", image: .repository(images.proxy, tag: tag)) {
                Port(8080, health: "/healthz")
                StartAfter("gateway", .healthy)
                // The load balancer reaches it on the task's address: every interface.
                Env("HOST", "0.0.0.0")
                Env("PORT", "8080")
                Env("UPSTREAM_URL", "http://localhost:4000/graphql")
                Env("AUTH_GRPC_ADDRESS", authAddress)
                Secret("JWT_SIGNING_KEY", signingKey.value)
            }
            .writablePaths(scratch)
        }
        .migrations(migration, container: "migrate")
        .connecting(to: db)
    }

    /// Where the database is and how to sign in: the same five variables for every container.
    private static func databaseSettings(_ db: Database, schema: String? = nil) -> [any ContainerSetting] {
        var settings: [any ContainerSetting] = [
            Env("DATABASE_HOST", db.endpoint),
            Env("DATABASE_PORT", db.endpointPort),
            Env("DATABASE_NAME", db.databaseName),
            Env("DATABASE_USER", db.masterUsername),
            Secret("DATABASE_PASSWORD", db.masterPassword),
        ]
        if let schema { settings.append(Env("DATABASE_SCHEMA", schema)) }
        return settings
    }

    private static func healthCheck(port: Int) -> [String] {
        ["CMD-SHELL", "wget -q -O /dev/null http://localhost:\(port)/healthz || exit 1"]
    }
}
