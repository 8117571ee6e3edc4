import AWSClient
import FoundationEssentials

/// How an ECS-driven release ended once CloudFormation was done.
enum ECSManagedOutcome {
    /// The stack completed its update; the service runs `revision` (the stack's own).
    case deployed(String)
    /// CloudFormation rolled the stack and the service back: ECS failed the deployment
    /// (`cancelled` false) or tenkai cancelled the update (an alarm, the deadline, Ctrl-C).
    case rolledBack(reason: String, revision: String?, cancelled: Bool)
}

extension ReleaseEngine {
    /// Follows the stack update started at `since` and the ECS deployment it causes until the
    /// stack ends. The new revision is the service's `PRIMARY` deployment's task definition once
    /// it differs from `previous`. While the stack is `UPDATE_IN_PROGRESS`, an alarm in ALARM,
    /// the deadline or an interruption cancel the update (``cancelStackUpdate``).
    func followStackDeployment(_ stackName: String, previous: String, since: Date) async throws -> ECSManagedOutcome {
        let cloudWatch = CloudWatch(session)
        let deadline = ContinuousClock.now + options.deploymentTimeout
        var revision: String?
        var ecsFailure: String?
        var shownStack = "", shownDeployment = ""
        while true {
            let stack = try await pollStack(
                stackName, shown: &shownStack, missing: ReleaseError(.inconsistent, "stack \(stackName) disappeared during the release"))
            let status = stack.stackStatus.rawValue
            let service = try await ecsService.describeService(target.serviceName)
            let deployments = service?.deployments ?? []
            if revision == nil, let primary = deployments.first(where: { $0.status == "PRIMARY" })?.taskDefinition, primary != previous {
                revision = primary
            }
            if let revision, let ours = deployments.first(where: { $0.taskDefinition == revision }) {
                let line = "deployment \(ours.id ?? "?") \(ours.rolloutState ?? ours.status ?? "?"): \(ours.runningCount ?? 0)/\(ours.desiredCount ?? 0) tasks running"
                if line != shownDeployment {
                    progress(line)
                    shownDeployment = line
                }
                if ours.rolloutState == "FAILED", ecsFailure == nil {
                    ecsFailure = "ECS deployment \(ours.id ?? "") failed: \(ours.rolloutStateReason ?? "no reason given")"
                }
            }
            switch status {
            case "UPDATE_COMPLETE", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS":
                // CloudFormation completes the service only once ECS's deployment completed.
                return .deployed(revision ?? service?.taskDefinition ?? previous)
            case "UPDATE_ROLLBACK_COMPLETE":
                var found = ecsFailure
                if found == nil { found = try await firstFailure(of: stackName, since: since) }
                let reason = found ?? stack.stackStatusReason ?? "the stack update failed"
                return .rolledBack(reason: reason, revision: revision, cancelled: false)
            case "UPDATE_IN_PROGRESS":
                if let why = interruption.requested {
                    return try await cancelStackUpdate(stackName, reason: "interrupted: \(why)", revision: revision, since: since)
                }
                if !target.alarmNames.isEmpty,
                    let firing = try await cloudWatch.describeAlarms(names: target.alarmNames).first(where: { $0.stateValue == "ALARM" })
                {
                    let reason = "alarm \(firing.alarmName) is in ALARM: \(firing.stateReason ?? "no reason given")"
                    return try await cancelStackUpdate(stackName, reason: reason, revision: revision, since: since)
                }
                if ContinuousClock.now >= deadline {
                    let reason = "the deployment did not finish within \(options.deploymentTimeout)"
                    return try await cancelStackUpdate(stackName, reason: reason, revision: revision, since: since)
                }
            case _ where status.hasSuffix("_IN_PROGRESS"):
                // Rolling back on its own (ECS failed the deployment): wait for the end, bounded.
                guard ContinuousClock.now < deadline + options.stackRollbackTimeout else {
                    throw ReleaseError(.inconsistent, "stack \(stackName) was still \(status) after the release's bounds")
                }
            default:
                throw ReleaseError(
                    .inconsistent, "the update of stack \(stackName) ended \(status)\(stack.stackStatusReason.map { " (\($0))" } ?? "")",
                    hint: "read the stack's events (aws cloudformation describe-stack-events --stack-name \(stackName))")
            }
            try await Task.sleep(for: options.pollInterval)
        }
    }

    /// `CancelUpdateStack`, then waits (bounded, Ctrl-C no longer stops it) until CloudFormation
    /// rolled the stack, and with it the service, back.
    private func cancelStackUpdate(_ stackName: String, reason: String, revision: String?, since: Date) async throws -> ECSManagedOutcome {
        step("rollback", "\(reason); cancelling the update of stack \(stackName): CloudFormation puts the service back on its previous revision")
        let cloudFormation = CloudFormation(session)
        do {
            try await cloudFormation.cancelUpdateStack(stackName: stackName)
        } catch let error as AWSError where error.code == "ValidationError" {
            // The update ended between the last look and the call: the status below says how.
            progress("stack \(stackName): \(error.message)")
        }
        let deadline = ContinuousClock.now + options.stackRollbackTimeout
        var shown = ""
        while true {
            let stack = try await pollStack(
                stackName, shown: &shown, missing: ReleaseError(.inconsistent, "stack \(stackName) disappeared during the rollback"))
            let status = stack.stackStatus.rawValue
            switch status {
            case "UPDATE_ROLLBACK_COMPLETE":
                return .rolledBack(reason: reason, revision: revision, cancelled: true)
            case "UPDATE_COMPLETE", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS":
                throw ReleaseError(
                    .inconsistent, "the update of stack \(stackName) completed before the cancel arrived: the new image serves although \(reason)",
                    hint: "release the previous image to go back")
            case _ where status.hasSuffix("_IN_PROGRESS"):
                guard ContinuousClock.now < deadline else {
                    throw ReleaseError(
                        .inconsistent, "stack \(stackName) was still \(status) \(options.stackRollbackTimeout) after the cancel (\(reason))",
                        hint: "watch it: aws cloudformation describe-stacks --stack-name \(stackName)")
                }
            default:
                let failure = try await firstFailure(of: stackName, since: since)
                let detail = failure ?? stack.stackStatusReason ?? "no reason given"
                throw ReleaseError(
                    .inconsistent, "the rollback of stack \(stackName) ended \(status) (\(detail)) after \(reason)",
                    hint: "aws cloudformation continue-update-rollback --stack-name \(stackName)")
            }
            try await Task.sleep(for: options.pollInterval)
        }
    }

    /// The oldest failed resource event of the update started at `since` (not a cancellation's
    /// knock-on failure): "WebService: <reason>".
    private func firstFailure(of stackName: String, since: Date) async throws -> String? {
        let events = try await CloudFormation(session).describeStackEvents(stackName: stackName) { $0.timestamp >= since.addingTimeInterval(-1) }
        let failed = events.reversed().first { event in
            guard event.resourceStatus?.hasSuffix("_FAILED") == true, let reason = event.resourceStatusReason?.lowercased() else { return false }
            return !reason.contains("cancelled") && !reason.contains("canceled")
        }
        return failed.map { "\($0.logicalResourceId ?? "?"): \($0.resourceStatusReason ?? "")" }
    }
}
