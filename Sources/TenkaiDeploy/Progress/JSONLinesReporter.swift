import FoundationEssentials
import Synchronization
import TenkaiCore

/// The machine form of progress: one JSON object per event, one per line, on stdout (CI reads
/// it; logs go to stderr).
///
/// ```
/// {"event":"stack-started","message":"creating","stack":"data","stackName":"fileshare-dev-data","time":"…"}
/// ```
public final class JSONLinesReporter: DeployReporter {
    private let write: @Sendable ([UInt8]) -> Void
    private let lock = Mutex(())

    /// Writes to stdout unless given another sink (tests).
    public init(write: @escaping @Sendable ([UInt8]) -> Void = { StandardStream.output.write($0) }) {
        self.write = write
    }

    public func report(_ event: DeployEvent) {
        let line = JSONRenderer.renderCompact(event.json) + [UInt8(ascii: "\n")]
        lock.withLock { _ in write(line) }
    }
}

/// Collects events in memory: for tests, and for summaries after a run.
public final class RecordingReporter: DeployReporter {
    private let recorded = Mutex<[DeployEvent]>([])

    public init() {}

    public func report(_ event: DeployEvent) {
        recorded.withLock { $0.append(event) }
    }

    public var events: [DeployEvent] { recorded.withLock { $0 } }
}

/// Sends every event to several reporters.
public struct FanOutReporter: DeployReporter {
    public let reporters: [any DeployReporter]

    public init(_ reporters: [any DeployReporter]) {
        self.reporters = reporters
    }

    public func report(_ event: DeployEvent) {
        for reporter in reporters { reporter.report(event) }
    }
}
