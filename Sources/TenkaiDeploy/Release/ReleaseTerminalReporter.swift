/// Shows a release on the terminal display, which knows stacks: the release is one row whose
/// status is the current step, its messages are lines above it, and a rollback or refusal is a
/// red failure line with the reason.
///
/// ```swift
/// let display = TerminalProgressReporter()
/// let reporter = ReleaseTerminalReporter(display)
/// ```
public struct ReleaseTerminalReporter: DeployReporter {
    public let display: TerminalProgressReporter

    public init(_ display: TerminalProgressReporter) {
        self.display = display
    }

    public func report(_ event: DeployEvent) {
        var shown = event
        switch event.kind {
        case .releaseStep:
            display.report(DeployEvent(.stackStatus, stack: event.stack, stackName: event.stackName, status: event.status?.uppercased()))
        case .trafficShifted:
            display.report(DeployEvent(.stackStatus, stack: event.stack, stackName: event.stackName, status: "GREEN \(event.status ?? "?")%"))
        case .rolledBack:
            shown.kind = .stackFailed
            shown.status = "ROLLED BACK"
        case .releaseFailed:
            shown.kind = .stackFailed
            // A failed hand-back is a release that stands, serving from green.
            shown.status = event.status == ReleaseError.Code.handBackFailed.description ? "RELEASED, ON GREEN" : "REFUSED"
        case .releaseFinished:
            shown.kind = .stackFinished
            shown.status = "RELEASED"
        default:
            break
        }
        display.report(shown)
    }
}
