import AWSClient
import FoundationEssentials

/// Releases a new image of one ECS service (or of app servers on EC2) blue/green: preflight, migrations, green, traffic
/// shifted by listener weights with bakes that watch alarms and target health, then the
/// hand-back: the stack takes the image into its own service (or blue's Auto Scaling group),
/// traffic returns to it, green goes down; on any alarm, unhealthy target, failed step or
/// interruption before that, one `ModifyListener` puts all traffic back on blue.
///
/// ```swift
/// let engine = ReleaseEngine(target: target, options: ReleaseOptions(strategy: .defaultCanary),
///                            session: session, bucket: bucketName, reporter: JSONLinesReporter())
/// let record = try await engine.run(image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/fileshare@sha256:…")
/// ```
///
/// Everything it changes is written first to a state object in the bootstrap bucket; a rerun
/// after a crash finds it and finishes the release (same image) or rolls it back (another image).
public struct ReleaseEngine: Sendable {
    public let target: ReleaseTarget
    public let options: ReleaseOptions
    public let session: AWSSession
    public let reporter: any DeployReporter
    public let interruption: ReleaseInterruption
    let bucket: ReleaseBucket
    let elb: ElasticLoadBalancingV2
    /// The ECS services or Auto Scaling groups behind the slots.
    let compute: any ReleaseCompute
    /// Who releases (the lock names them): the command's cached identity, else STS is asked.
    let identity: @Sendable () async throws -> CallerIdentity

    public init(
        target: ReleaseTarget, options: ReleaseOptions, session: AWSSession, bucket: String, reporter: any DeployReporter,
        interruption: ReleaseInterruption = ReleaseInterruption(), identity: (@Sendable () async throws -> CallerIdentity)? = nil
    ) {
        self.identity = identity ?? { try await STS(session).getCallerIdentity() }
        self.target = target
        self.options = options
        self.session = session
        self.reporter = reporter
        self.interruption = interruption
        self.bucket = ReleaseBucket(s3: S3(session), bucket: bucket, prefix: target.keyPrefix)
        self.elb = ElasticLoadBalancingV2(session)
        let narrator = ReleaseNarrator(target: target, reporter: reporter)
        self.compute = target.launchTemplateID.map { templateID in
            EC2ReleaseCompute(target: target, templateID: templateID, options: options, session: session, narrator: narrator)
        } ?? ECSReleaseCompute(target: target, options: options, ecs: ECS(session), narrator: narrator)
    }

    /// Runs the release; returns its record on success and throws ``ReleaseError`` otherwise
    /// (after rolling back when traffic had moved). The lock is released on every way out.
    @discardableResult
    public func run(image text: String) async throws -> ReleaseRecord {
        let started = ContinuousClock.now
        step("preflight", "checking stacks, image, lock and alarms")
        let image: ImageReference, who: String, lock: ReleaseLock
        do {
            image = try ImageReference(parsing: text)
            let containerImages = try target.checkedContainerImages(options.containerImages)
            who = try await identity().arn
            try await checkStacks()
            let check = ImageCheck(session: session, registryLogin: options.registryLogin)
            try await check.verify(image)
            for (_, other) in containerImages.sorted(by: { $0.key < $1.key }) { try await check.verify(other) }
            lock = ReleaseLock(bucket: bucket, holder: options.runID, who: who, image: image.description, lifetime: options.lockLifetime)
            try await lock.acquire()
        } catch let error as ReleaseError {
            reporter.report(.release(.releaseFailed, target, status: "refused", reason: error.message))
            throw error
        }
        // The lock is renewed while the release runs, so a long migration or bake keeps it.
        let renewal = Task.detached { [lifetime = options.lockLifetime] in
            while true {
                do { try await Task.sleep(for: lifetime / 3) } catch { return }
                try? await lock.renew()
            }
        }
        func stopRenewing() async {
            renewal.cancel()
            await renewal.value
        }
        do {
            try await checkAlarms()
            let record =
                target.ecsManaged
                ? try await runECSManaged(image: image.description, who: who, started: started)
                : try await runLocked(image: image.description, who: who, started: started)
            await stopRenewing()
            await lock.release()
            return record
        } catch is CancellationError {
            // Like a killed process: the state stays for the next run, which finishes or rolls back.
            await stopRenewing()
            await Task.detached { await lock.release() }.value
            reporter.report(.release(
                .releaseFailed, target, status: "abandoned",
                reason: "the release was cancelled; traffic stays where it was. Run the release again to finish it or roll it back"))
            throw CancellationError()
        } catch {
            await stopRenewing()
            await lock.release()
            if let error = error as? ReleaseError, error.code != .rolledBack {
                reporter.report(.release(.releaseFailed, target, status: error.code.description, reason: error.message))
            }
            throw error
        }
    }

    // MARK: - Preflight

    /// Every stack of the environment in a settled, successful state.
    func checkStacks() async throws {
        let cloudFormation = CloudFormation(session)
        for name in target.stackNames {
            guard let stack = try await cloudFormation.describeStack(name) else {
                throw ReleaseError(.preflight, "stack \(name) does not exist", hint: "deploy the environment first")
            }
            let status = stack.stackStatus.rawValue
            guard StackDeployer.comparableStates.contains(status) else {
                throw ReleaseError(
                    .preflight, "stack \(name) is \(status), not stable", hint: status.hasSuffix("IN_PROGRESS") ? "wait for it to finish" : "fix it with tenkai deploy")
            }
        }
    }

    /// The service's alarms exist, and none is firing.
    func checkAlarms() async throws {
        guard !target.alarmNames.isEmpty else { return }
        let alarms = try await CloudWatch(session).describeAlarms(names: target.alarmNames)
        let missing = Set(target.alarmNames).subtracting(alarms.map(\.alarmName))
        guard missing.isEmpty else {
            throw ReleaseError(
                .preflight, "alarm\(missing.count == 1 ? "" : "s") \(missing.sorted().joined(separator: ", ")) do not exist",
                hint: "deploy the monitoring stack first")
        }
        if let firing = alarms.first(where: { $0.stateValue == "ALARM" }) {
            throw ReleaseError(
                .preflight, "alarm \(firing.alarmName) is in ALARM (\(firing.stateReason ?? "no reason given")); not releasing into a problem",
                hint: "wait until it is OK")
        }
        for alarm in alarms where alarm.stateValue != "OK" {
            reporter.report(.release(.notice, target, message: "alarm \(alarm.alarmName) is \(alarm.stateValue): it cannot warn of trouble yet"))
        }
    }

    // MARK: - Helpers

    func step(_ name: String, _ message: String) {
        reporter.report(.release(.releaseStep, target, status: name, message: message))
    }

    func progress(_ message: String) {
        reporter.report(.release(.releaseProgress, target, message: message))
    }

    /// `…/staff-api@sha256:… (and gateway …/gateway@sha256:…)`: every image this release sets.
    func describedImages(_ image: String) -> String {
        let others = options.containerImages.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return others.isEmpty ? image : "\(image) (and \(others.joined(separator: ", ")))"
    }

    static func now() -> String { Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date()) }
}
