import FoundationEssentials
import TenkaiCore
import Synchronization

/// How a release runs: its strategy, its bounds, and how often it looks.
public struct ReleaseOptions: Sendable {
    public var strategy: ReleaseStrategy
    /// The bake at 100 % before blue is scaled down (blue/green and canary/linear).
    public var finalBake: Duration
    /// Replaces every bake time (a shortened bake for tests and the local emulator).
    public var bakeOverride: Duration?
    /// How long green may take to become healthy, and a migration to stop.
    public var healthTimeout: Duration
    public var migrationTimeout: Duration
    /// How often alarms, target health and tasks are read. The bound on reacting to an alarm.
    public var pollInterval: Duration
    /// How long a lock stays valid without being renewed (a killed release's lock expires).
    public var lockLifetime: Duration
    /// Images of the service's other containers set in the same release, by container name
    /// (`--image gateway=REF`): one task definition revision, one migration, one hand-back for a
    /// version built as several images. Empty: only the released container's image changes.
    public var containerImages: [String: String] = [:]
    /// Distinguishes this run's lock, state and records from others'.
    public var runID: String
    /// Credentials for a registry other than ECR, for the preflight's image check.
    public struct RegistryLogin: Sendable {
        public var username: String
        public var password: String
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }
    public var registryLogin: RegistryLogin?
    /// How long an ECS-driven deployment (``ReleaseTarget/ecsManaged``) may take, bakes included.
    public var deploymentTimeout: Duration = .seconds(3600)
    /// How long CloudFormation's rollback of a cancelled ECS-driven update may take (the service
    /// shifts back and waits for stability).
    public var stackRollbackTimeout: Duration = .seconds(1800)

    public init(
        strategy: ReleaseStrategy, finalBake: Duration = .seconds(300), bakeOverride: Duration? = nil,
        healthTimeout: Duration = .seconds(600), migrationTimeout: Duration = .seconds(1800), pollInterval: Duration = .seconds(2),
        lockLifetime: Duration = .seconds(120), runID: String = DeployOptions.newRunID()
    ) {
        self.strategy = strategy
        self.finalBake = finalBake
        self.bakeOverride = bakeOverride
        self.healthTimeout = healthTimeout
        self.migrationTimeout = migrationTimeout
        self.pollInterval = pollInterval
        self.lockLifetime = lockLifetime
        self.runID = runID
    }

    /// The strategy's steps with the bake override applied.
    public var steps: [ReleaseStrategy.Step] {
        strategy.steps(finalBake: finalBake).map { step in
            var step = step
            if let bakeOverride, step.bake > .zero { step.bake = bakeOverride }
            return step
        }
    }
}

/// Set from a signal handler (Ctrl-C, SIGTERM): the release rolls back at its next look.
public final class ReleaseInterruption: Sendable {
    private let reason = Mutex<String?>(nil)

    public init() {}

    public func interrupt(_ why: String) { reason.withLock { if $0 == nil { $0 = why } } }
    public var requested: String? { reason.withLock { $0 } }
}
