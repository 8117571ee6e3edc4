import AWSClient
import FoundationEssentials
import TenkaiCore

/// Deploys one stack: brings it to a state it can be changed from, creates a change set, skips
/// it when nothing changes, reviews it, executes it and follows it to a final state.
///
/// ```swift
/// let deployer = StackDeployer(api: api, artifacts: s3, reporter: display, options: options)
/// let result = try await deployer.deploy(target, parameters: [:])
/// ```
public struct StackDeployer: Sendable {
    let api: any CloudFormationAPI
    let artifacts: (any ArtifactStore)?
    let reporter: any DeployReporter
    let options: DeployOptions

    public init(api: any CloudFormationAPI, artifacts: (any ArtifactStore)?, reporter: any DeployReporter, options: DeployOptions) {
        self.api = api
        self.artifacts = artifacts
        self.reporter = reporter
        self.options = options
    }

    /// Deploys `target` with `parameters` (cross-region values already filled in).
    public func deploy(_ target: DeployTarget, parameters: [String: String]) async throws -> StackResult {
        let started = ContinuousClock.now
        let existing = try await settle(target)
        if let existing, try await isUnchanged(target, existing: existing, parameters: parameters) {
            try await protectIfProduction(target, existing)
            notice(target, .noChanges, "no changes")
            return StackResult(stack: target.name, stackName: target.stackName, region: target.region, outcome: .unchanged, outputs: existing.outputs, elapsed: started.duration(to: .now))
        }
        if options.method == .direct {
            return try await deployDirectly(target, existing: existing, parameters: parameters, started: started)
        }
        guard let prepared = try await prepare(target, existing: existing, parameters: parameters) else {
            try await protectIfProduction(target, existing)
            return StackResult(stack: target.name, stackName: target.stackName, region: target.region, outcome: .unchanged, outputs: existing?.outputs ?? [:], elapsed: started.duration(to: .now))
        }
        try refuseGuardedChanges(prepared, target: target)
        return try await execute(prepared, target: target, started: started)
    }

    // MARK: - Bringing the stack to a usable state

    /// Waits for an operation in progress, deletes a stack whose first create failed, and refuses
    /// a stack whose update rollback failed. Returns the stack as it then is (`nil`: absent).
    func settle(_ target: DeployTarget) async throws -> StackDescription? {
        guard var existing = try await api.describeStack(named: target.stackName) else { return nil }
        if existing.status.isInProgress {
            guard options.waitForRunningOperations else {
                throw DeployError(
                    .stackBusy, "an operation is already running (\(existing.status)); not starting a second one",
                    stackName: target.stackName, hint: "wait for it, or run deploy again without --no-wait to wait for it")
            }
            notice(target, .stackStarted, "waiting for the operation already running (\(existing.status)) to finish")
            let outcome = try await follow(target, baseline: nil)
            guard let after = outcome.stack else { return nil }
            existing = after
        }
        if existing.status.isFailedCreate {
            notice(target, .notice, "the stack's first create failed (\(existing.status)); deleting it to create it again")
            let baseline = try await StackWatcher.newestEventID(api: api, stackName: target.stackName)
            try await api.deleteStack(named: target.stackName, clientRequestToken: options.token("delete", stack: target.name))
            let outcome = try await follow(target, baseline: baseline)
            if let left = outcome.stack {
                let message = "deleting the failed stack ended in \(left.status): \(left.statusReason ?? "no reason given")"
                reporter.report(DeployEvent(.stackFailed, stack: target.name, stackName: target.stackName, status: left.status.rawValue, message: message))
                throw DeployError(.stackFailed, message, stackName: target.stackName)
            }
            return nil
        }
        if existing.status.isUpdateRollbackFailed {
            let failed = try await failedResources(target)
            let skip = failed.isEmpty ? "" : " --resources-to-skip \(failed.joined(separator: " "))"
            throw DeployError(
                .needsContinueRollback,
                "the stack is in UPDATE_ROLLBACK_FAILED: an update failed and so did its rollback (\(existing.statusReason ?? "no reason given"))",
                stackName: target.stackName,
                hint: "fix the cause, then run: aws cloudformation continue-update-rollback --stack-name \(target.stackName) --region \(api.region)\(skip)")
        }
        if existing.status.rawValue == "DELETE_FAILED" {
            throw DeployError(
                .stackFailed, "the stack is in DELETE_FAILED (\(existing.statusReason ?? "no reason given"))", stackName: target.stackName,
                hint: "remove what blocks the deletion, then run tenkai destroy again")
        }
        return existing
    }

    /// The logical IDs whose last event is a failure, for `--resources-to-skip`.
    private func failedResources(_ target: DeployTarget) async throws -> [String] {
        let events = try await api.describeStackEvents(stackName: target.stackName, nextToken: nil).events
        var latest: [String: String] = [:]
        for event in events where !event.isStackEvent && latest[event.logicalResourceID] == nil {
            latest[event.logicalResourceID] = event.status
        }
        return latest.filter { $0.value == "UPDATE_FAILED" }.map(\.key).sorted()
    }

    // MARK: - Change sets

    /// Template parameters this deploy does not set whose deployed value is not the template's
    /// default (such as the image `tenkai release` set): sent as `UsePreviousValue`, so a deploy
    /// never reverts a release. (Parameters still at their default are left out: same result, and
    /// moto's `UsePreviousValue` fails for values it took from a default.)
    static func keptParameters(_ target: DeployTarget, existing: StackDescription?, setting parameters: [String: String]) -> [String] {
        guard let existing else { return [] }
        return target.template.parameters.filter { key, parameter in
            guard parameters[key] == nil, let deployed = existing.parameters[key] else { return false }
            return parameter.defaultValue.map { Value.string(deployed) != $0 } ?? true
        }.keys.sorted()
    }

    /// States in which the deployed template is the one running (after a rolled-back update: the old one).
    static let comparableStates: Set<String> = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE"]

    /// Whether the deployed template, parameters and tags are exactly the new ones: then no
    /// change set is needed (one call instead of three).
    func isUnchanged(_ target: DeployTarget, existing: StackDescription, parameters: [String: String]) async throws -> Bool {
        // Parameters deploy leaves alone (defaults, a released image) are the template's business, not a change.
        let unset = Set(target.template.parameters.keys).subtracting(parameters.keys)
        guard !options.force, Self.comparableStates.contains(existing.status.rawValue),
            existing.parameters.filter({ !unset.contains($0.key) }) == parameters, existing.tags == target.tags
        else { return false }
        let deployed = try await api.getTemplate(stackName: target.stackName)
        return Array(deployed.utf8) == target.templateBody
    }

    /// Creates and reviews a change set; `nil` when CloudFormation finds nothing to change
    /// (the change set is deleted again).
    public func prepare(_ target: DeployTarget, existing: StackDescription?, parameters: [String: String]) async throws -> PreparedChangeSet? {
        let kind: ChangeSetRequest.Kind = existing == nil || existing!.status.isReviewInProgress ? .create : .update
        let template = try await TemplateSender(api: api, artifacts: artifacts).source(for: target)
        let name = options.token("changes", stack: target.name)
        var request = ChangeSetRequest(
            stackName: target.stackName, changeSetName: name, kind: kind, templateBody: template.body,
            templateURL: template.url, parameters: parameters, tags: target.tags,
            clientToken: options.token("create", stack: target.name), description: "tenkai deploy \(options.runID)")
        request.keptParameters = kind == .create ? [] : Self.keptParameters(target, existing: existing, setting: parameters)
        var reference = name
        do {
            reference = try await api.createChangeSet(request)
        } catch where AWSErrorKinds.isNoChanges(error) {
            notice(target, .noChanges, "no changes")
            return nil
        } catch where AWSErrorKinds.isLostAnswer(error) {
            // The call may have worked; the change set's name tells.
            notice(target, .notice, "the answer to CreateChangeSet was lost (\(error)); looking for the change set")
        }
        let changeSet = try await waitForChangeSet(reference, target: target)
        if changeSet.status == "FAILED" {
            try? await api.deleteChangeSet(changeSet.arn, stackName: target.stackName)
            if AWSErrorKinds.isNoChanges(changeSet.statusReason) {
                notice(target, .noChanges, "no changes")
                return nil
            }
            throw DeployError(
                .changeSetFailed, "CloudFormation could not create the change set: \(changeSet.statusReason ?? "no reason given")",
                stackName: target.stackName)
        }
        let deployed = existing == nil ? nil : try? await api.getTemplate(stackName: target.stackName)
        let reviewed = ChangeReview(newTemplate: target.template, deployedTemplate: deployed).review(changeSet.changes)
        reporter.report(
            DeployEvent(
                .changeSet, stack: target.name, stackName: target.stackName, message: "\(kind.rawValue.lowercased()): \(changeSet.arn)",
                changes: changeSet.changes.count))
        return PreparedChangeSet(stack: target.name, stackName: target.stackName, arn: changeSet.arn, kind: kind, parameters: parameters, changes: reviewed)
    }

    private func waitForChangeSet(_ reference: String, target: DeployTarget) async throws -> DescribedChangeSet {
        var interval = options.polling.initial
        while true {
            do {
                let changeSet = try await api.describeChangeSet(reference, stackName: target.stackName)
                if !changeSet.isPending { return changeSet }
                interval = options.polling.next(after: interval, sawChange: false)
            } catch where AWSErrorKinds.isThrottling(error) {
                interval = options.polling.afterThrottling(interval)
            }
            try await Task.sleep(for: interval)
        }
    }

    public func refuseGuardedChanges(_ prepared: PreparedChangeSet, target: DeployTarget) throws {
        guard options.isProduction else { return }
        let refused = prepared.guardedChanges.filter { !options.allowReplacement.contains($0.change.logicalResourceID) }
        guard !refused.isEmpty else { return }
        let ids = refused.map(\.change.logicalResourceID)
        let lines = refused.flatMap { $0.warnings.filter(\.needsExplicitAllowance).map(\.message) }
        throw DeployError(
            .refusedReplacement,
            "production refuses to replace or remove stateful resources:\n    " + lines.joined(separator: "\n    "),
            stackName: target.stackName,
            hint: "if the data may go, deploy again with " + ids.map { "--allow-replacement \($0)" }.joined(separator: " ")
                + " (the change set \(prepared.arn) was left for review)")
    }

    // MARK: - Executing

    /// Executes a prepared change set and follows the stack to its final state.
    public func execute(_ prepared: PreparedChangeSet, target: DeployTarget, started: ContinuousClock.Instant = .now) async throws -> StackResult {
        let before = try await api.describeStack(named: target.stackName)
        let baseline = try await StackWatcher.newestEventID(api: api, stackName: target.stackName)
        notice(target, .stackStarted, prepared.kind == .create ? "creating" : "updating")
        do {
            try await api.executeChangeSet(prepared.arn, stackName: target.stackName, clientRequestToken: options.token("execute", stack: target.name))
        } catch where AWSErrorKinds.isLostAnswer(error) {
            // Whether it ran shows in the stack: running now, or changed since.
            let now = try await api.describeStack(named: target.stackName)
            guard let now, now.status.isInProgress || now.lastChange != before?.lastChange || now.status != before?.status else { throw error }
            notice(target, .notice, "the answer to ExecuteChangeSet was lost, but the stack is changing: following it")
        }
        return try await finish(target, baseline: baseline, kind: prepared.kind, changes: prepared.changes.count, started: started)
    }

    /// Follows the operation just started to its end; a failure names the first failing resource.
    private func finish(
        _ target: DeployTarget, baseline: String?, kind: ChangeSetRequest.Kind, changes: Int?, started: ContinuousClock.Instant
    ) async throws -> StackResult {
        let outcome = try await follow(target, baseline: baseline)
        let elapsed = started.duration(to: .now)
        guard let stack = outcome.stack, stack.status.isSuccess else {
            let final = outcome.stack?.status.rawValue ?? "DELETE_COMPLETE"
            var message = "the stack ended in \(final)"
            if let failure = outcome.firstFailure {
                let path = target.componentPaths[failure.logicalResourceID].map { " (\($0))" } ?? ""
                message = "\(failure.logicalResourceID)\(path) \(failure.status): \(failure.statusReason ?? "no reason given"); " + message
            } else if let reason = outcome.stack?.statusReason {
                message += ": \(reason)"
            }
            reporter.report(
                DeployEvent(
                    .stackFailed, stack: target.name, stackName: target.stackName, status: final,
                    logicalID: outcome.firstFailure?.logicalResourceID, resourceType: outcome.firstFailure?.resourceType,
                    componentPath: outcome.firstFailure.flatMap { target.componentPaths[$0.logicalResourceID] },
                    reason: outcome.firstFailure?.statusReason, message: message, elapsed: elapsed))
            throw DeployError(.stackFailed, message, stackName: target.stackName, hint: final == "ROLLBACK_COMPLETE" ? "the next deploy deletes the stack and creates it again" : nil)
        }
        try await protectIfProduction(target, stack)
        reporter.report(
            DeployEvent(
                .stackFinished, stack: target.name, stackName: target.stackName, status: stack.status.rawValue,
                resourcesTotal: target.template.resources.count, changes: changes, elapsed: elapsed))
        return StackResult(
            stack: target.name, stackName: target.stackName, region: target.region,
            outcome: kind == .create ? .created : .updated, outputs: stack.outputs, elapsed: elapsed)
    }

    // MARK: - Without a change set

    /// `CreateStack`/`UpdateStack` straight away, for emulators whose change sets lose outputs
    /// and exports (moto). Never in production: there is nothing to review.
    func deployDirectly(_ target: DeployTarget, existing: StackDescription?, parameters: [String: String], started: ContinuousClock.Instant) async throws -> StackResult {
        guard !options.isProduction else {
            throw DeployError(.refusedReplacement, "production deploys only through reviewed change sets", stackName: target.stackName, hint: "drop --method direct")
        }
        let template = try await TemplateSender(api: api, artifacts: artifacts).source(for: target)
        let kind: ChangeSetRequest.Kind = existing == nil ? .create : .update
        var request = StackRequest(
            stackName: target.stackName, templateBody: template.body, templateURL: template.url, parameters: parameters, tags: target.tags,
            clientRequestToken: options.token(kind == .create ? "create" : "update", stack: target.name))
        request.keptParameters = kind == .create ? [] : Self.keptParameters(target, existing: existing, setting: parameters)
        let baseline = existing == nil ? nil : try await StackWatcher.newestEventID(api: api, stackName: target.stackName)
        notice(target, .stackStarted, kind == .create ? "creating (no change set)" : "updating (no change set)")
        do {
            if kind == .create { try await api.createStack(request) } else { try await api.updateStack(request) }
        } catch where AWSErrorKinds.isNoChanges(error) {
            notice(target, .noChanges, "no changes")
            return StackResult(stack: target.name, stackName: target.stackName, region: target.region, outcome: .unchanged, outputs: existing?.outputs ?? [:], elapsed: started.duration(to: .now))
        } catch where AWSErrorKinds.isLostAnswer(error) || (error as? AWSError)?.code == "AlreadyExistsException" {
            // A retried create finds the stack its first, unanswered attempt made.
            let now = try await api.describeStack(named: target.stackName)
            guard let now, now.status.isInProgress || now.lastChange != existing?.lastChange || now.status != existing?.status else { throw error }
            notice(target, .notice, "the answer to \(kind == .create ? "CreateStack" : "UpdateStack") was lost, but the stack is changing: following it")
        }
        return try await finish(target, baseline: baseline, kind: kind, changes: nil, started: started)
    }

    private func protectIfProduction(_ target: DeployTarget, _ stack: StackDescription?) async throws {
        guard options.isProduction, let stack, !stack.terminationProtection else { return }
        do {
            try await api.updateTerminationProtection(stackName: target.stackName, enabled: true)
            notice(target, .notice, "termination protection turned on")
        } catch {
            // The stack deployed; failing it now would hide that. Say it loudly instead.
            notice(target, .notice, "WARNING: could not turn termination protection on: \(error)")
        }
    }

    private func follow(_ target: DeployTarget, baseline: String?) async throws -> StackWatcher.Outcome {
        var watcher = StackWatcher(
            api: api, stack: target.name, stackName: target.stackName, reporter: reporter, polling: options.polling,
            componentPaths: target.componentPaths, resourcesTotal: target.template.resources.count,
            baselineEventID: baseline)
        return try await watcher.follow()
    }

    private func notice(_ target: DeployTarget, _ kind: DeployEvent.Kind, _ message: String) {
        reporter.report(DeployEvent(kind, stack: target.name, stackName: target.stackName, message: message))
    }
}
