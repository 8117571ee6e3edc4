import TenkaiCore

/// One service of a compose file: a container image (or a build), how it starts, what it is
/// wired to and when it counts as ready.
///
/// ```swift
/// var web = ComposeService(build: .init(context: "../../..", dockerfile: "Sources/FileShareServer/Dockerfile"))
/// web.environment["DATABASE_URL"] = "postgres://app:app@database:5432/app"
/// web.dependsOn["database"] = .healthy
/// ```
public struct ComposeService: Sendable, Hashable {
    /// How to build the image from source.
    public struct Build: Sendable, Hashable {
        /// The build context, relative to the compose file.
        public var context: String
        /// The Dockerfile, relative to the context.
        public var dockerfile: String

        public init(context: String, dockerfile: String) {
            self.context = context
            self.dockerfile = dockerfile
        }
    }

    /// What a dependent service waits for.
    public enum Condition: String, Sendable, Hashable {
        case started = "service_started"
        case healthy = "service_healthy"
        /// For one-shot jobs (migrations, bucket and table set-up) that must exit 0 first.
        case completedSuccessfully = "service_completed_successfully"
    }

    /// A command the engine runs inside the container to decide whether it is healthy.
    public struct Healthcheck: Sendable, Hashable {
        /// `["CMD", …]` or `["CMD-SHELL", "…"]`.
        public var test: [String]
        public var interval = "5s"
        public var timeout = "5s"
        public var retries = 20
        public var startPeriod = "10s"

        public init(_ test: [String]) { self.test = test }
    }

    /// Whether the engine restarts the container when it stops.
    public enum Restart: String, Sendable, Hashable {
        /// One-shot jobs: run once, stay stopped.
        case no = "no"
        case unlessStopped = "unless-stopped"
    }

    public var image: String?
    public var build: Build?
    /// `service:<name>`: share that service's network namespace, as containers of one task do.
    public var networkMode: String?
    public var user: String?
    /// A read-only root filesystem, with `tmpfs` for the paths that must be writable.
    public var readOnly = false
    public var tmpfs: [String] = []
    public var entrypoint: [String] = []
    public var command: [String] = []
    public var restart: Restart = .unlessStopped
    public var dependsOn: [String: Condition] = [:]
    public var environment: [String: String] = [:]
    public var ports: [String] = []
    public var volumes: [String] = []
    public var healthcheck: Healthcheck?

    public init(image: String) { self.image = image }
    public init(build: Build) { self.build = build }

    /// Whether this service runs once and exits (a dependency others wait to complete).
    public var isOneShot: Bool { restart == .no }

    /// The service as a compose `Value`, keys in a fixed reading order and maps sorted.
    public var value: Value {
        var fields = Fields()
        if let image { fields["image"] = .string(image) }
        if let build { fields["build"] = ["context": .string(build.context), "dockerfile": .string(build.dockerfile)] }
        if let networkMode { fields["network_mode"] = .string(networkMode) }
        if let user { fields["user"] = .string(user) }
        if readOnly { fields["read_only"] = true }
        if !tmpfs.isEmpty { fields["tmpfs"] = .list(tmpfs.map(Value.string)) }
        if !entrypoint.isEmpty { fields["entrypoint"] = .list(entrypoint.map(Self.literal)) }
        if !command.isEmpty { fields["command"] = .list(command.map(Self.literal)) }
        fields["restart"] = .string(restart.rawValue)
        if !dependsOn.isEmpty {
            fields["depends_on"] = .map(
                Fields(dependsOn.keys.sorted().map { ($0, ["condition": .string(dependsOn[$0]!.rawValue)]) }))
        }
        if !environment.isEmpty {
            fields["environment"] = .map(Fields(environment.keys.sorted().map { ($0, Self.literal(environment[$0]!)) }))
        }
        if !ports.isEmpty { fields["ports"] = .list(ports.map(Value.string)) }
        if !volumes.isEmpty { fields["volumes"] = .list(volumes.map(Value.string)) }
        if let healthcheck {
            fields["healthcheck"] = [
                "test": .list(healthcheck.test.map(Value.string)), "interval": .string(healthcheck.interval),
                "timeout": .string(healthcheck.timeout), "retries": .int(healthcheck.retries),
                "start_period": .string(healthcheck.startPeriod),
            ]
        }
        return .map(fields)
    }

    /// Text compose must not interpolate: `$` would start a variable of the developer's shell.
    private static func literal(_ text: String) -> Value {
        .string(text.reduce(into: "") { result, character in result += character == "$" ? "$$" : String(character) })
    }
}
