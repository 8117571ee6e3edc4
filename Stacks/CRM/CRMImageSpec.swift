import Tenkai

/// What one CRM image is, as the CRM back end's repository (`crm-backend`) builds it: where its
/// Dockerfile is, the ports it listens on, the path that answers when it is ready, and every
/// variable it reads. The task definition, the compose file and the repositories are all
/// checked against these (CRMImageSpecTests), so a container cannot drift from its app.
public struct CRMImageSpec: Sendable, Hashable {
    /// The ECR repository's name, and the container's name in the task.
    public var name: String
    /// The build context inside `crm-backend`; the Dockerfile is `Dockerfile` there.
    public var context: String
    /// Ports it listens on; the first serves HTTP (health, and for the proxy the load balancer).
    public var ports: [Int]
    /// The HTTP path on the first port that answers 200 once ready; nil for a one-shot job.
    public var healthPath: String?
    /// The variables that say where it listens, with the values the task gives them.
    public var listen: [String: String]
    /// Every other variable it reads (secrets included).
    public var reads: Set<String>

    static let database: Set<String> = ["DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME", "DATABASE_USER", "DATABASE_PASSWORD"]

    /// The six images, in start order.
    public static let all: [CRMImageSpec] = [
        CRMImageSpec(name: "migrate", context: "db", ports: [], healthPath: nil, listen: [:], reads: database),
        CRMImageSpec(
            name: "staff-api", context: "services/staff-api", ports: [8081, 50051], healthPath: "/healthz",
            listen: ["HTTP_PORT": "8081", "GRPC_PORT": "50051"], reads: database.union(["DATABASE_SCHEMA", "JWT_SIGNING_KEY"])),
        CRMImageSpec(
            name: "user-api", context: "services/user-api", ports: [8082], healthPath: "/healthz",
            listen: ["HTTP_PORT": "8082"], reads: database.union(["DATABASE_SCHEMA", "AUTH_GRPC_ADDRESS"])),
        CRMImageSpec(
            name: "inquiry-api", context: "services/inquiry-api", ports: [8083], healthPath: "/healthz",
            listen: ["HTTP_PORT": "8083"], reads: database.union(["DATABASE_SCHEMA", "AUTH_GRPC_ADDRESS"])),
        CRMImageSpec(
            name: "gateway", context: "services/gateway", ports: [4000], healthPath: "/healthz",
            listen: ["PORT": "4000"], reads: ["SUBGRAPHS"]),
        // The load balancer reaches it on the task's address, so it listens on every interface.
        CRMImageSpec(
            name: "proxy", context: "services/proxy", ports: [8080], healthPath: "/healthz",
            listen: ["HOST": "0.0.0.0", "PORT": "8080"], reads: ["UPSTREAM_URL", "AUTH_GRPC_ADDRESS", "JWT_SIGNING_KEY"]),
    ]

    public static func named(_ name: String) -> CRMImageSpec {
        guard let spec = all.first(where: { $0.name == name }) else { preconditionFailure("no CRM image \(name)") }
        return spec
    }

    /// Its repository, built from its Dockerfile in `crm-backend`.
    var repository: Repository {
        Repository(name).built(from: .dockerfile(source: CRMImages.source, context: context))
    }
}
