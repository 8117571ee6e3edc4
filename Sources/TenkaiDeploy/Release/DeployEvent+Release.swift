extension DeployEvent.Kind {
    /// A release step began (`message`: preflight, migrate, green, shift, bake, finish).
    public static let releaseStep = DeployEvent.Kind(rawValue: "release-step")
    /// Progress inside a step: green's healthy targets, time left in a bake.
    public static let releaseProgress = DeployEvent.Kind(rawValue: "release-progress")
    /// The listener's weights changed (`message`: `blue 90 / green 10`).
    public static let trafficShifted = DeployEvent.Kind(rawValue: "traffic-shifted")
    /// Traffic went back to blue (`reason`: which alarm, which target, which step).
    public static let rolledBack = DeployEvent.Kind(rawValue: "rolled-back")
    /// The release finished (`status`: `succeeded`).
    public static let releaseFinished = DeployEvent.Kind(rawValue: "release-finished")
    /// The release stopped without moving traffic, or after moving it back (`reason`).
    public static let releaseFailed = DeployEvent.Kind(rawValue: "release-failed")
}

extension DeployEvent {
    /// An event of the release of `target`'s service (`stack` is `release`, `stackName` the service).
    static func release(
        _ kind: Kind, _ target: ReleaseTarget, status: String? = nil, reason: String? = nil, message: String? = nil,
        elapsed: Duration? = nil
    ) -> DeployEvent {
        let text = [message, reason].compactMap { $0 }.joined(separator: ": ")
        return DeployEvent(
            kind, stack: "release", stackName: target.serviceName, status: status, componentPath: target.componentPath,
            reason: reason, message: text.isEmpty ? nil : text, elapsed: elapsed)
    }
}
