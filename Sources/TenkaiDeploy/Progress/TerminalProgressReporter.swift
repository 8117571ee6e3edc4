import FoundationEssentials
import Synchronization
import TenkaiCore

/// The live display in a terminal: one line per stack (state, resources done / total, elapsed,
/// the resources in progress), redrawn in place; failures and notices printed above it, failures
/// in red with their reason.
///
/// ```
/// ✗ data: FilesBucket (fileshare/data/files) CREATE_FAILED: Bucket name already exists
///   network  CREATE_COMPLETE        12/12   41.2s
///   data     ROLLBACK_IN_PROGRESS    1/3    18.0s  AccessLogsBucket
/// ```
public final class TerminalProgressReporter: DeployReporter {
    private struct Row {
        var stack: String
        var status = "PENDING"
        var done = 0
        var total: Int?
        var started = ContinuousClock.now
        var finishedAfter: Duration?
        var inProgress: [String: String] = [:]
    }

    private struct State {
        var rows: [Row] = []
        var drawnLines = 0
    }

    private let state = Mutex(State())
    private let write: @Sendable (String) -> Void
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    public init(write: @escaping @Sendable (String) -> Void = { StandardStream.error.write($0) }) {
        self.write = write
    }

    /// Redraws every second so elapsed times move while CloudFormation is quiet.
    public func startTicking() {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                self?.redraw(permanent: [])
            }
        }
        ticker.withLock { $0 = task }
    }

    /// Stops the ticker and leaves the last drawing on screen: what is printed next goes below
    /// it instead of being drawn over. The next run starts a fresh block.
    public func stopTicking() {
        ticker.withLock { $0?.cancel(); $0 = nil }
        redraw(permanent: [])
        state.withLock { $0 = State() }
    }

    public func report(_ event: DeployEvent) {
        // Events about the run rather than one stack (a retried call, an interruption) get a line, not a row.
        if event.kind == .retry || event.kind == .interrupted {
            redraw(permanent: [Self.yellow("  \(event.message ?? event.kind.rawValue)")])
            return
        }
        var permanent: [String] = []
        state.withLock { state in
            var index = state.rows.firstIndex { $0.stack == event.stack }
            if index == nil {
                state.rows.append(Row(stack: event.stack))
                index = state.rows.count - 1
            }
            var row = state.rows[index!]
            if let total = event.resourcesTotal { row.total = total }
            if let done = event.resourcesDone { row.done = done }
            switch event.kind {
            case .resource:
                if let id = event.logicalID, let status = event.status {
                    if status.hasSuffix("_IN_PROGRESS") { row.inProgress[id] = status } else { row.inProgress[id] = nil }
                    if status.hasSuffix("_FAILED"), !StackWatcher.isCancellation(event.reason) {
                        let path = event.componentPath.map { " (\($0))" } ?? ""
                        permanent.append(Self.red("✗ \(event.stack): \(id)\(path) \(status): \(event.reason ?? "no reason given")"))
                    }
                }
            case .stackStatus:
                row.status = event.status ?? row.status
            case .stackStarted:
                row.status = (event.message ?? "starting").uppercased()
                row.started = .now
                row.finishedAfter = nil
                if let message = event.message { permanent.append("→ \(event.stack): \(message)") }
            case .noChanges:
                row.status = "NO CHANGES"
                row.finishedAfter = row.started.duration(to: .now)
            case .stackFinished:
                row.status = event.status ?? "DONE"
                row.done = row.total ?? row.done
                row.inProgress = [:]
                row.finishedAfter = row.started.duration(to: .now)
            case .stackFailed:
                row.status = event.status ?? "FAILED"
                row.inProgress = [:]
                row.finishedAfter = row.started.duration(to: .now)
                permanent.append(Self.red("✗ \(event.stack) failed: \(event.message ?? "")"))
            case .stackSkipped:
                row.status = "SKIPPED"
                row.finishedAfter = .zero
                permanent.append(Self.yellow("- \(event.stack): \(event.message ?? "skipped")"))
            case .changeSet:
                row.status = "CHANGE SET READY"
                if let changes = event.changes { permanent.append("  \(event.stack): change set with \(changes) change(s)") }
            default:
                if let message = event.message { permanent.append("  \(event.stack): \(message)") }
            }
            state.rows[index!] = row
        }
        redraw(permanent: permanent)
    }

    private func redraw(permanent: [String]) {
        let text = state.withLock { state -> String in
            var text = state.drawnLines > 0 ? "\u{1B}[\(state.drawnLines)A\u{1B}[J" : ""
            for line in permanent { text += line + "\n" }
            let width = state.rows.map(\.stack.count).max() ?? 0
            for row in state.rows { text += Self.line(row, nameWidth: width) + "\n" }
            state.drawnLines = state.rows.count
            return text
        }
        write(text)
    }

    private static func line(_ row: Row, nameWidth: Int) -> String {
        let elapsed = row.finishedAfter ?? row.started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let progress = row.total.map { "\(row.done)/\($0)" } ?? ""
        let name = row.stack.padded(to: nameWidth)
        let status = row.status.padded(to: 24)
        var line = "  \(name)  \(colored(status, row.status))  \(progress.padded(to: 9)) \(seconds.fixed(1).leftPadded(to: 6))s"
        if !row.inProgress.isEmpty { line += "  " + row.inProgress.keys.sorted().joined(separator: ", ") }
        return line
    }

    private static func colored(_ text: String, _ status: String) -> String {
        if status.contains("FAILED") || status.contains("ROLLBACK") { return red(text) }
        if status.hasSuffix("_COMPLETE") || status == "NO CHANGES" { return "\u{1B}[32m\(text)\u{1B}[0m" }
        return yellow(text)
    }

    static func red(_ text: String) -> String { "\u{1B}[31m\(text)\u{1B}[0m" }
    static func yellow(_ text: String) -> String { "\u{1B}[33m\(text)\u{1B}[0m" }
}
