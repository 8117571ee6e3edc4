import Tenkai

/// The CRM back end: one Fargate task, seven containers, started in this order:
///
/// 0. `database-role` (a ``DatabaseRole``) makes the apps' own role `crm_app` as the master
///    user and exits; the three APIs start once it succeeded and sign in as that role with
///    their own secret, so the master secret (which RDS rotates every 7 days, while ECS injects
///    secrets only at task start) is held only by it and by `migrate`;
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

    /// The schemas the three APIs keep their tables in.
    static let schemas = ["staff", "users", "inquiries"]

    /// The apps' own database role, its password in `password`.
    static func appRole(_ db: Database, password: GeneratedSecret) -> DatabaseRole {
        DatabaseRole(db, user: "crm_app", password: password, schemas: schemas)
    }

    static func service(
        _ env: Environment, network: Network, database db: Database, appRole role: DatabaseRole, signingKey: GeneratedSecret,
        images: CRMImages, tag: String
    ) -> Service {
        Service("api", in: network) {
            role.container

            // The migration owns the schema, so it alone signs in as the master user.
            Container("migrate", image: .repository(images.migrate, tag: tag)) {
                Secret("DATABASE_PASSWORD", db.masterPassword)
            }
            .database(db, user: db.masterUsername)
            .essential(false)
            .command(["sh", "-c", "exit 0"])
            .writablePaths(scratch)

            Container("staff-api", image: .repository(images.staffAPI, tag: tag)) {
                Port(8081)
                Port(50051)
                StartAfter("migrate", .success)
                role.ready
                Secret("DATABASE_PASSWORD", role.password.value)
                Secret("JWT_SIGNING_KEY", signingKey.value)
            }
            .database(db, user: role.user, schema: "staff")
            .environment("HTTP_PORT", "8081")
            .environment("GRPC_PORT", "50051")
            .healthCheck(healthCheck(port: 8081))
            .writablePaths(scratch)

            Container("user-api", image: .repository(images.userAPI, tag: tag)) {
                Port(8082)
                StartAfter("migrate", .success)
                role.ready
                StartAfter("staff-api", .healthy)
                Secret("DATABASE_PASSWORD", role.password.value)
            }
            .database(db, user: role.user, schema: "users")
            .environment("HTTP_PORT", "8082")
            .environment("AUTH_GRPC_ADDRESS", authAddress)
            .healthCheck(healthCheck(port: 8082))
            .writablePaths(scratch)

            Container("inquiry-api", image: .repository(images.inquiryAPI, tag: tag)) {
                Port(8083)
                StartAfter("migrate", .success)
                role.ready
                StartAfter("staff-api", .healthy)
                Secret("DATABASE_PASSWORD", role.password.value)
            }
            .database(db, user: role.user, schema: "inquiries")
            .environment("HTTP_PORT", "8083")
            .environment("AUTH_GRPC_ADDRESS", authAddress)
            .healthCheck(healthCheck(port: 8083))
            .writablePaths(scratch)

            Container("gateway", image: .repository(images.gateway, tag: tag)) {
                Port(4000)
                StartAfter("staff-api", .healthy)
                StartAfter("user-api", .healthy)
                StartAfter("inquiry-api", .healthy)
            }
            .environment("PORT", "4000")
            .environment(
                "SUBGRAPHS",
                "staff=http://localhost:8081/graphql,users=http://localhost:8082/graphql,inquiries=http://localhost:8083/graphql")
            .healthCheck(healthCheck(port: 4000))
            .writablePaths(scratch)

            Container("proxy", image: .repository(images.proxy, tag: tag)) {
                Port(8080, health: "/healthz")
                StartAfter("gateway", .healthy)
                Secret("JWT_SIGNING_KEY", signingKey.value)
            }
            // The load balancer reaches it on the task's address: every interface.
            .environment("HOST", "0.0.0.0")
            .environment("PORT", "8080")
            .environment("UPSTREAM_URL", "http://localhost:4000/graphql")
            .environment("AUTH_GRPC_ADDRESS", authAddress)
            .writablePaths(scratch)
        }
        .migrations(migration, container: "migrate")
        .connecting(to: db)
    }

    private static func healthCheck(port: Int) -> [String] {
        ["CMD-SHELL", "wget -q -O /dev/null http://localhost:\(port)/healthz || exit 1"]
    }
}

extension Container {
    /// Where the database is, who signs in (and, given, the schema): the same variables for
    /// every container that uses it; each also declares the user's `DATABASE_PASSWORD` secret.
    fileprivate func database(_ db: Database, user: String, schema: String? = nil) -> Container {
        let located = environment("DATABASE_HOST", db.endpoint)
            .environment("DATABASE_PORT", db.endpointPort)
            .environment("DATABASE_NAME", db.databaseName)
            .environment("DATABASE_USER", user)
        return schema.map { located.environment("DATABASE_SCHEMA", $0) } ?? located
    }
}
