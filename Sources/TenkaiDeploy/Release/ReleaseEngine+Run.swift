import AWSClient
import FoundationEssentials
import TenkaiCore

extension ReleaseEngine {
    /// The release proper, with the lock held: resume or start, then shift and finish.
    func runLocked(image: String, who: String, started: ContinuousClock.Instant) async throws -> ReleaseRecord {
        var state: ReleaseState
        if let interrupted = try await bucket.read(ReleaseState.self, key: bucket.stateKey) {
            if interrupted.phase == .handingBack {
                // Released and healthy on green: never rolled back, only handed back to blue.
                if interrupted.releases(image, options.containerImages) {
                    reporter.report(.release(
                        .notice, target, message: "resuming release \(interrupted.runID) of \(image): handing traffic back to \(target.blue.color)"))
                    return try await handBack(interrupted, who: who, started: started)
                }
                reporter.report(.release(
                    .notice, target,
                    message: "release \(interrupted.runID) of \(interrupted.image) serves from \(interrupted.newColor) without its hand-back to \(target.blue.color); this release starts from \(interrupted.newColor)"))
                try await bucket.delete(key: bucket.stateKey)
                state = try await prepare(image: image, who: who)
            } else if interrupted.releases(image, options.containerImages), interrupted.phase == .shifting {
                reporter.report(.release(
                    .notice, target,
                    message: "resuming release \(interrupted.runID) of \(image): traffic is at \(interrupted.greenPercent)% \(interrupted.newColor)"))
                state = interrupted
            } else {
                reporter.report(.release(
                    .notice, target,
                    message: "release \(interrupted.runID) of \(interrupted.image) was interrupted (\(interrupted.phase.rawValue)); rolling it back first"))
                try await undo(interrupted, reason: "interrupted release \(interrupted.runID) rolled back by the next release", who: who)
                state = try await prepare(image: image, who: who)
            }
        } else {
            state = try await prepare(image: image, who: who)
        }
        try await shift(&state, who: who)
        return try await finish(state, who: who, started: started)
    }

    /// Everything before traffic moves: the new version, migrations, the idle slot healthy.
    private func prepare(image: String, who: String) async throws -> ReleaseState {
        let live = try await servingSlot()
        let idle = target.other(live)
        let count = try await compute.servingCount(live)
        step(target.isAppServers ? "launch-template" : "task-definition", "registering a version with \(describedImages(image))")
        let version = try await compute.register(image: image, like: live)
        var state = ReleaseState(
            runID: options.runID, image: image, taskDefinitionArn: version, liveColor: live.color, newColor: idle.color,
            phase: .migrating, stepIndex: -1, greenPercent: 0, strategy: options.strategy.description, startedAt: Self.now(), who: who)
        state.containerImages = options.containerImages.isEmpty ? nil : options.containerImages
        if let command = target.migrationCommand {
            try await bucket.write(state, key: bucket.stateKey)
            do {
                try await compute.migrate(command: command, version: version, like: live)
            } catch {
                try? await bucket.delete(key: bucket.stateKey)
                throw error
            }
        }
        state.phase = .green
        try await bucket.write(state, key: bucket.stateKey)
        do {
            try await compute.start(idle, version: version, count: count)
            try await waitHealthy(idle, count: count)
        } catch {
            step("rollback", "stopping \(idle.color): \(error)")
            try? await compute.stop(idle)
            try? await bucket.delete(key: bucket.stateKey)
            throw error
        }
        state.phase = .shifting
        try await bucket.write(state, key: bucket.stateKey)
        return state
    }

    /// The slot the listener sends traffic to. Split traffic without a release in flight is refused.
    func servingSlot() async throws -> ReleaseTarget.Slot {
        let weights = try await listenerWeights()
        let serving = weights.filter { $0.value > 0 }.map(\.key)
        guard serving.count == 1, let arn = serving.first, let slot = target.slot(forTargetGroup: arn) else {
            let shown = weights.map { "\(target.slot(forTargetGroup: $0.key)?.color ?? $0.key) \($0.value)" }.sorted().joined(separator: ", ")
            throw ReleaseError(
                .inconsistent, "the listener sends traffic to \(shown.isEmpty ? "nothing" : shown), and no release is in flight",
                hint: "point the listener at one target group (the one whose tasks are healthy), then release again")
        }
        return slot
    }

    /// Target group ARN → weight, from the listener rule's forward action when the target names
    /// one, else from the listener's default forward action.
    func listenerWeights() async throws -> [String: Int] {
        let action: LoadBalancerAction
        if let ruleArn = target.ruleArn {
            guard let rule = try await elb.describeRules(ruleArns: [ruleArn]).first,
                let forward = rule.actions.first(where: { $0.type == "forward" })
            else {
                throw ReleaseError(.preflight, "listener rule \(ruleArn) has no forward action")
            }
            action = forward
        } else {
            guard let listener = try await elb.describeListeners(listenerArns: [target.listenerArn]).first,
                let forward = listener.defaultActions.first(where: { $0.type == "forward" })
            else {
                throw ReleaseError(.preflight, "listener \(target.listenerArn) has no forward action")
            }
            action = forward
        }
        if let groups = action.forwardConfig?.targetGroups, !groups.isEmpty {
            return Dictionary(groups.map { ($0.targetGroupArn, $0.weight ?? 1) }, uniquingKeysWith: +)
        }
        return action.targetGroupArn.map { [$0: 1] } ?? [:]
    }

    /// Sets the weights with one call: `ModifyRule` on the target's rule, else `ModifyListener`.
    func writeWeights(_ weights: [(String, Int)]) async throws {
        if let ruleArn = target.ruleArn {
            try await elb.modifyRule(ruleArn: ruleArn, actions: [.weightedForward(weights)])
        } else {
            try await elb.modifyListener(listenerArn: target.listenerArn, defaultActions: [.weightedForward(weights)])
        }
    }
}
