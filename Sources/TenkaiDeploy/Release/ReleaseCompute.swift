import AWSClient

/// What runs behind each slot's target group. The engine moves traffic, bakes and rolls back
/// the same way for all of them; a compute registers the new version, starts it in the idle
/// slot and stops a slot: ECS services (``ECSReleaseCompute``) or Auto Scaling groups of app
/// servers on EC2 (``EC2ReleaseCompute``).
protocol ReleaseCompute: Sendable {
    /// How many targets the serving slot runs (the new slot starts as many); throws when it is missing.
    func servingCount(_ live: ReleaseTarget.Slot) async throws -> Int
    /// Registers the new version with `image`, like the serving slot's; answers its identifier
    /// (a task definition ARN, or `lt-…:7` for a launch template version), kept in the state
    /// and the record.
    func register(image: String, like live: ReleaseTarget.Slot) async throws -> String
    /// Runs the migration once with the new version; anything but success throws.
    func migrate(command: [String], version: String, like live: ReleaseTarget.Slot) async throws
    /// Starts `count` of the new version in `slot` (not waiting for health: the engine does).
    func start(_ slot: ReleaseTarget.Slot, version: String, count: Int) async throws
    /// The hand-back's part after the stack update (``ReleaseEngine/handBack(_:who:started:)``):
    /// `slot` (blue, the stack's own) runs what the stack now declares with `image`, at least
    /// `count` of it, not waiting for health; throws ``ReleaseError/Code/handBackFailed`` when the
    /// stack's version does not hold `image`.
    func takeOver(_ slot: ReleaseTarget.Slot, image: String, count: Int) async throws
    /// Stops everything in `slot`.
    func stop(_ slot: ReleaseTarget.Slot) async throws
    /// Where to look when `slot`'s new targets do not become healthy.
    func troubleshooting(_ slot: ReleaseTarget.Slot) -> String
}

/// The reporting a compute shares with the engine.
struct ReleaseNarrator: Sendable {
    let target: ReleaseTarget
    let reporter: any DeployReporter

    func step(_ name: String, _ message: String) {
        reporter.report(.release(.releaseStep, target, status: name, message: message))
    }

    func progress(_ message: String) {
        reporter.report(.release(.releaseProgress, target, message: message))
    }

    func notice(_ message: String) {
        reporter.report(.release(.notice, target, message: message))
    }
}
