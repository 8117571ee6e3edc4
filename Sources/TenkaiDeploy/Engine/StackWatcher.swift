import FoundationEssentials

/// Follows one stack operation to its end: reads new events (newest first, only back to the
/// first one already seen), reports them, and polls the stack's status with a backing-off interval.
///
/// ```swift
/// var watcher = try await StackWatcher.start(api: api, stack: "data", stackName: "fileshare-dev-data", …)
/// let outcome = try await watcher.follow()
/// ```
struct StackWatcher {
    /// How an operation ended.
    struct Outcome {
        /// The stack afterwards; `nil` when it was deleted.
        var stack: StackDescription?
        /// The first resource that failed, chronologically: the cause, not the cancellations after it.
        var firstFailure: StackActivity?
        /// Resources whose deletion was skipped (retained).
        var retained: [StackActivity]
    }

    let api: any CloudFormationAPI
    let stack: String
    let stackName: String
    let reporter: any DeployReporter
    let polling: PollingPolicy
    /// Component paths of the template's resources, to name failures the way the author wrote them.
    let componentPaths: [String: String]
    let resourcesTotal: Int
    let started = ContinuousClock.now

    private var seen: Set<String> = []
    /// The newest event seen so far: paging stops there.
    private var newestSeen: String?
    private var latestStatus: [String: String] = [:]
    private var firstFailure: StackActivity?
    private var retained: [StackActivity] = []

    init(
        api: any CloudFormationAPI, stack: String, stackName: String, reporter: any DeployReporter, polling: PollingPolicy,
        componentPaths: [String: String], resourcesTotal: Int, baselineEventID: String?
    ) {
        self.api = api
        self.stack = stack
        self.stackName = stackName
        self.reporter = reporter
        self.polling = polling
        self.componentPaths = componentPaths
        self.resourcesTotal = resourcesTotal
        self.newestSeen = baselineEventID
        if let baselineEventID { seen.insert(baselineEventID) }
    }

    /// The newest event of a stack before an operation starts, so following it shows only what
    /// that operation does. One call; `nil` for a stack without events.
    static func newestEventID(api: any CloudFormationAPI, stackName: String) async throws -> String? {
        try await api.describeStackEvents(stackName: stackName, nextToken: nil).events.first?.eventID
    }

    var resourcesDone: Int {
        latestStatus.values.filter { $0.hasSuffix("_COMPLETE") || $0.hasSuffix("_SKIPPED") }.count
    }

    /// Polls until the stack is no longer in progress (or gone).
    ///
    /// After the first answer it asks by stack ID: a deleted stack is no longer found by name,
    /// but its final status and events still are by ID.
    ///
    /// A failed read is not a failed stack: the wait reads again (the stack may well have
    /// finished), and only after ``unreadableLimit`` failures in a row gives up with
    /// ``DeployError/Code/stateUnknown``. Past ``PollingPolicy/deadline`` it gives up with
    /// ``DeployError/Code/timedOut``; every ``PollingPolicy/heartbeat`` without news it reports
    /// a `progress` event.
    mutating func follow() async throws -> Outcome {
        var interval = polling.initial
        var lastStatus: StackState?
        var stackID: String?
        var failedReads = 0
        var lastNews = ContinuousClock.now
        var lastHeartbeat = ContinuousClock.now
        while true {
            let sawNewEvents: Bool
            let description: StackDescription?
            do {
                description = try await api.describeStack(named: stackID ?? stackName)
                stackID = stackID ?? description?.stackID
                let gone = description == nil || description?.status.isDeleted == true
                sawNewEvents = gone ? ((try? await readNewEvents(stackID ?? stackName)) ?? false) : try await readNewEvents(stackID ?? stackName)
                failedReads = 0
            } catch where AWSErrorKinds.isThrottling(error) {
                interval = polling.afterThrottling(interval)
                reporter.report(DeployEvent(.notice, stack: stack, stackName: stackName, message: "CloudFormation is throttling; polling every \(interval)"))
                try await Task.sleep(for: interval)
                continue
            } catch where !(error is CancellationError) {
                failedReads += 1
                guard failedReads < Self.unreadableLimit else {
                    throw DeployError(
                        .stateUnknown,
                        "could not read the stack's state \(failedReads) times in a row (last: \(error)); whether it deployed is not known",
                        stackName: stackName, hint: "see its real state with `tenkai status`, and rerun the deploy to pick it up")
                }
                reporter.report(
                    DeployEvent(.notice, stack: stack, stackName: stackName, message: "could not read the stack's state (\(error)); reading again"))
                interval = polling.afterThrottling(interval)
                try await Task.sleep(for: interval)
                continue
            }
            guard let description else {
                return Outcome(stack: nil, firstFailure: firstFailure, retained: retained)
            }
            let statusChanged = description.status != lastStatus
            if statusChanged {
                lastStatus = description.status
                reporter.report(
                    DeployEvent(
                        .stackStatus, stack: stack, stackName: stackName, status: description.status.rawValue,
                        reason: description.statusReason, resourcesDone: resourcesDone, resourcesTotal: resourcesTotal,
                        elapsed: started.duration(to: .now)))
            }
            if !description.status.isInProgress {
                return Outcome(stack: description.status.isDeleted ? nil : description, firstFailure: firstFailure, retained: retained)
            }
            let now = ContinuousClock.now
            if sawNewEvents || statusChanged { lastNews = now }
            let elapsed = started.duration(to: now)
            if lastNews.duration(to: now) >= polling.heartbeat && lastHeartbeat.duration(to: now) >= polling.heartbeat {
                lastHeartbeat = now
                reporter.report(
                    DeployEvent(
                        .progress, stack: stack, stackName: stackName, status: description.status.rawValue,
                        message: "still \(description.status.rawValue); nothing new for \(Self.minutes(lastNews.duration(to: now)))",
                        resourcesDone: resourcesDone, resourcesTotal: resourcesTotal, elapsed: elapsed))
            }
            guard elapsed < polling.deadline else {
                throw DeployError(
                    .timedOut,
                    "still \(description.status.rawValue) after \(Self.minutes(elapsed)); the wait gave up, CloudFormation goes on with it",
                    stackName: stackName, hint: "rerun the deploy to pick the stack up where it is, or wait longer with --wait-timeout")
            }
            interval = polling.next(after: interval, sawChange: sawNewEvents || statusChanged)
            try await Task.sleep(for: interval)
        }
    }

    /// Reads the events newer than the newest one seen and reports them oldest first.
    /// Returns whether any of them is about a resource.
    private mutating func readNewEvents(_ stack: String) async throws -> Bool {
        var fresh: [StackActivity] = []
        var token: String?
        paging: repeat {
            let page = try await api.describeStackEvents(stackName: stack, nextToken: token)
            for event in page.events {
                if event.eventID == newestSeen || seen.contains(event.eventID) { break paging }
                fresh.append(event)
            }
            token = page.nextToken
            // Without a baseline (the stack did not exist), the first page is the whole operation so far.
        } while token != nil && newestSeen != nil
        guard let newest = fresh.first else { return false }
        newestSeen = newest.eventID
        for event in fresh.reversed() {
            seen.insert(event.eventID)
            record(event)
        }
        // The stack's own events repeat its status, which the caller compares itself.
        return fresh.contains { !($0.isStackEvent && $0.logicalResourceID == stackName) }
    }

    private mutating func record(_ event: StackActivity) {
        if event.isStackEvent && event.logicalResourceID == stackName { return }
        latestStatus[event.logicalResourceID] = event.status
        if event.status.hasSuffix("_FAILED") && firstFailure == nil && !Self.isCancellation(event.statusReason) {
            firstFailure = event
        }
        if event.status == "DELETE_SKIPPED" { retained.append(event) }
        reporter.report(
            DeployEvent(
                .resource, stack: stack, stackName: stackName, time: event.timestamp, status: event.status,
                logicalID: event.logicalResourceID, resourceType: event.resourceType,
                componentPath: componentPaths[event.logicalResourceID], reason: event.statusReason,
                resourcesDone: resourcesDone, resourcesTotal: resourcesTotal, elapsed: started.duration(to: .now)))
    }

    /// Failed reads in a row after which the wait stops guessing.
    static let unreadableLimit = 5

    private static func minutes(_ duration: Duration) -> String {
        let seconds = Int(duration / .seconds(1))
        return seconds < 120 ? "\(seconds) s" : "\(seconds / 60) min"
    }

    /// "Resource creation cancelled" and its kin follow the real failure; they are not the cause.
    static func isCancellation(_ reason: String?) -> Bool {
        guard let reason = reason?.lowercased() else { return false }
        return reason.contains("cancelled") || reason.contains("canceled")
    }
}
