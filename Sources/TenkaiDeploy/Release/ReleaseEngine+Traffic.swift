import AWSClient
import FoundationEssentials
import TenkaiCore

extension ReleaseEngine {
    /// Moves traffic step by step and bakes after each; any trouble rolls back and throws.
    func shift(_ state: inout ReleaseState, who: String) async throws {
        let steps = options.steps
        let start = max(0, state.stepIndex)
        for index in start..<steps.count {
            let planned = steps[index]
            do {
                step("shift", "step \(index + 1) of \(steps.count): \(planned.greenPercent)% to \(state.newColor)")
                state.stepIndex = index
                state.greenPercent = planned.greenPercent
                try await bucket.write(state, key: bucket.stateKey)
                try await setWeights(state, newPercent: planned.greenPercent)
                if planned.bake > .zero {
                    if let trouble = try await bake(state, for: planned.bake) {
                        try await rollBack(state, reason: trouble, who: who)
                    }
                }
            } catch let error as ReleaseError where error.code == .rolledBack {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                try await rollBack(state, reason: "step \(index + 1) failed: \(error)", who: who)
            }
        }
    }

    /// One `ModifyListener` (or `ModifyRule`): `newPercent` to the new slot, the rest to the serving one.
    private func setWeights(_ state: ReleaseState, newPercent: Int) async throws {
        let (live, new) = slots(state)
        try await writeWeights([(live.targetGroupArn, 100 - newPercent), (new.targetGroupArn, newPercent)])
        reporter.report(.release(
            .trafficShifted, target, status: "\(newPercent)", message: "\(live.color) \(100 - newPercent) / \(new.color) \(newPercent)"))
    }

    /// Watches alarms, the new targets' health and interruptions for `duration`; answers what went
    /// wrong, or `nil` when the bake passed.
    private func bake(_ state: ReleaseState, for duration: Duration) async throws -> String? {
        let (_, new) = slots(state)
        step("bake", "baking \(duration) at \(state.greenPercent)% \(new.color)")
        let clock = ContinuousClock()
        let end = clock.now + duration
        var reported = clock.now
        let cloudWatch = CloudWatch(session)
        while true {
            if let why = interruption.requested { return "interrupted: \(why)" }
            if !target.alarmNames.isEmpty,
                let firing = try await cloudWatch.describeAlarms(names: target.alarmNames).first(where: { $0.stateValue == "ALARM" })
            {
                return "alarm \(firing.alarmName) is in ALARM: \(firing.stateReason ?? "no reason given")"
            }
            let unhealthy = try await elb.describeTargetHealth(targetGroupArn: new.targetGroupArn)
                .filter { ["unhealthy", "unavailable"].contains($0.targetHealth?.state ?? "") }
            if let sick = unhealthy.first {
                return "target \(sick.target.id) of \(new.color) is \(sick.targetHealth?.state ?? "unhealthy")"
                    + (sick.targetHealth?.reason.map { " (\($0))" } ?? "")
            }
            let now = clock.now
            if now >= end { return nil }
            if reported.duration(to: now) >= .seconds(10) {
                progress("baking at \(state.greenPercent)% \(new.color): \(Self.seconds(now.duration(to: end))) s left")
                reported = now
            }
            try await Task.sleep(for: min(options.pollInterval, now.duration(to: end)))
        }
    }

    /// All traffic back on the serving slot in one call, then the new slot stopped and the record written.
    func rollBack(_ state: ReleaseState, reason: String, who: String) async throws -> Never {
        let (live, new) = slots(state)
        let started = ContinuousClock.now
        try await writeWeights([(live.targetGroupArn, 100), (new.targetGroupArn, 0)])
        reporter.report(.release(
            .rolledBack, target, status: live.color, reason: reason,
            message: "all traffic on \(live.color); \(new.color) stopping", elapsed: started.duration(to: .now)))
        try? await compute.stop(new)
        try? await bucket.delete(key: bucket.stateKey)
        _ = try? await writeRecord(state, who: who, result: "rolled-back", reason: reason, serving: live.color)
        throw ReleaseError(.rolledBack, "rolled back: \(reason)", hint: "all traffic is on \(live.color) (\(live.serviceName)) again")
    }

    /// Rolls back a release another run left behind (another image, or not yet shifting).
    func undo(_ state: ReleaseState, reason: String, who: String) async throws {
        do {
            try await rollBack(state, reason: reason, who: who)
        } catch let error as ReleaseError where error.code == .rolledBack {
            return
        }
    }

    /// The end of a release that passed its bake. With the image in a stack parameter: the
    /// hand-back, which ends on blue (``handBack(_:who:started:)``). Otherwise (app servers of a
    /// fixed image reference, no parameter) the old slot scaled down and the record written.
    func finish(_ state: ReleaseState, who: String, started: ContinuousClock.Instant) async throws -> ReleaseRecord {
        if handsBack { return try await handBack(state, who: who, started: started) }
        let (live, new) = slots(state)
        step("finish", "scaling \(live.color) down")
        try await compute.stop(live)
        await recordImageParameter(state.image)
        return try await recordSuccess(state, who: who, serving: new.color, message: "\(state.image) serving from \(new.color)", started: started)
    }

    /// The end of every release that succeeded: the state dropped, the record written, `release-finished` reported.
    func recordSuccess(_ state: ReleaseState, who: String, serving: String, message: String, started: ContinuousClock.Instant) async throws -> ReleaseRecord {
        try await bucket.delete(key: bucket.stateKey)
        let record = try await writeRecord(state, who: who, result: "succeeded", reason: nil, serving: serving)
        reporter.report(.release(.releaseFinished, target, status: "succeeded", message: message, elapsed: started.duration(to: .now)))
        return record
    }

    @discardableResult
    func writeRecord(_ state: ReleaseState, who: String, result: String, reason: String?, serving: String) async throws -> ReleaseRecord {
        var record = ReleaseRecord(
            runID: state.runID, system: target.system, environment: target.environment, service: target.service, who: who,
            image: state.image, taskDefinitionArn: state.taskDefinitionArn, strategy: state.strategy, startedAt: state.startedAt,
            finishedAt: Self.now(), result: result, reason: reason, serving: serving)
        record.containerImages = state.containerImages
        _ = try await bucket.create(record, key: bucket.recordKey(record))
        return record
    }

    /// (serving before the release, being released).
    func slots(_ state: ReleaseState) -> (ReleaseTarget.Slot, ReleaseTarget.Slot) {
        state.liveColor == target.blue.color ? (target.blue, target.green) : (target.green, target.blue)
    }

    static func seconds(_ duration: Duration) -> Int { Int(duration.components.seconds) }
}
