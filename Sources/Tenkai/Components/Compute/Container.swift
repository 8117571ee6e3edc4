import TenkaiCore

/// One container of a service's task: its image, ports, environment, secrets and grants.
///
/// The body declares ports, secrets, configuration and start order; plain variables and grants
/// are modifiers, spelt as on every other component (``EnvironmentConfigurable``, ``Grantee``).
///
/// Defaults: essential; runs as a non-root user (`1000:1000`) on a read-only root filesystem
/// (declare ``writablePaths`` for scratch space, mounted from task storage); logs to the
/// service's log group.
///
/// The user and the writable paths are declared here once and rendered into the task
/// definition (`User`, `ReadonlyRootFilesystem`, a volume and mount point per path) and the
/// compose file (`user`, `read_only`, `tmpfs`); ``writable(_:as:)`` also hands the path to the
/// app in an environment variable, so the app never writes where the platform does not allow.
/// The image must create each path owned by that user and declare it a `VOLUME`: Fargate copies
/// an image path's contents and ownership into the bind mount, and mounts anything else as
/// root-owned.
///
/// ```swift
/// Container("app", image: .repository(images)) {
///     Port(8080, health: "/healthz")
///     Secret("JWT_SECRET", jwtKey.value)
/// }
/// .environment("FILES_BUCKET", files.bucketName)
/// .granting(.readWrite, on: files)
/// .user(uid: 10001, gid: 10001)
/// .writablePaths(["/tmp"])
/// .writable("/data/spool", as: "SPOOL_DIR")
/// ```
public struct Container: Grantee, EnvironmentConfigurable {
    /// Where the image comes from.
    public enum Image: Sendable {
        /// An ECR repository of the system; the tag is a stack parameter the release sets.
        case repository(Repository, tag: String = "latest")
        /// An image by full reference (`public.ecr.aws/xray/aws-xray-daemon:3.3.14`).
        case registry(String)
    }

    public internal(set) var name: String
    public internal(set) var image: Image
    /// A task stops when an essential container stops; sidecars usually are not essential.
    public internal(set) var essential = true
    public internal(set) var user: String? = "1000:1000"
    public internal(set) var readOnlyRootFilesystem = true
    public internal(set) var writablePaths: [String] = []
    public internal(set) var command: [String] = []
    /// A container health check command (`["CMD", "/app/healthcheck"]`), needed by `StartAfter(_, .healthy)`.
    public internal(set) var healthCheck: [String]?
    /// Memory (MiB) reserved for this container within the task.
    public internal(set) var memoryReservation: Int?
    public internal(set) var ports: [Port] = []
    public var environment: [Env] = []
    public internal(set) var secrets: [Secret] = []
    /// Grants for the role of whatever runs the container (a service's task role, app servers' instance role).
    public var grants: [Grant] = []
    public internal(set) var dependencies: [StartAfter] = []
    /// The role this one-shot container makes, when it is a ``DatabaseRole``'s.
    public internal(set) var databaseRole: DatabaseRole?

    public init(_ name: String, image: Image, @ContainerBuilder _ settings: () -> [any ContainerSetting] = { [] }) {
        self.name = name
        self.image = image
        for setting in settings() { setting.apply(to: &self) }
    }

    // MARK: - Modifiers

    public func essential(_ essential: Bool) -> Container { with { $0.essential = essential } }
    public func user(_ user: String?) -> Container { with { $0.user = user } }
    /// Runs as this numeric user and group (`uid:gid`), which the image's files must belong to.
    public func user(uid: Int, gid: Int) -> Container { with { $0.user = "\(uid):\(gid)" } }
    public func writable(_ paths: String...) -> Container { with { $0.writablePaths += paths } }
    /// Absolute paths the container may write to, each an empty volume of task storage.
    public func writablePaths(_ paths: [String]) -> Container { with { $0.writablePaths += paths } }
    /// A writable path the app learns from `variable`, so the mount and the app's setting
    /// cannot drift apart.
    public func writable(_ path: String, as variable: String) -> Container {
        with { $0.writablePaths.append(path) }.environment(variable, path)
    }
    public func command(_ arguments: [String]) -> Container { with { $0.command = arguments } }
    public func healthCheck(_ command: [String]) -> Container { with { $0.healthCheck = command } }
    public func memoryReservation(_ mebibytes: Int) -> Container { with { $0.memoryReservation = mebibytes } }
    /// Allows writes anywhere in the container's filesystem (weakens the default; say why).
    public func writableRootFilesystem() -> Container { with { $0.readOnlyRootFilesystem = false } }

    func with(_ change: (inout Container) -> Void) -> Container {
        var copy = self
        change(&copy)
        return copy
    }

    /// The port a load balancer sends traffic to: the first with a health or readiness path.
    var servingPort: Port? { ports.first { $0.loadBalancerCheckPath != nil } }
}
