import AWSClient
import FoundationEssentials

extension ReleaseEngine {
    /// The service ECS deploys: registered, migrated and described like any ECS slot.
    private var ecsService: ECSReleaseCompute {
        ECSReleaseCompute(target: target, options: options, ecs: ECS(session), narrator: ReleaseNarrator(target: target, reporter: reporter))
    }

    /// A release of a service whose blue/green ECS drives (``ReleaseTarget/ecsManaged``): the same
    /// preflight, task definition and migration, then one `UpdateService` with the new revision,
    /// and ECS's deployment followed to its end: its rollout state and task counts are reported,
    /// the alarms watched. ECS's own failure (circuit breaker, its deployment alarms) is reported
    /// as a rollback; an alarm tenkai sees first, or Ctrl-C, makes it point the service back at
    /// the previous revision (ECS then shifts traffic back).
    func runECSManaged(image: String, who: String, started: ContinuousClock.Instant) async throws -> ReleaseRecord {
        guard let service = try await ecsService.describeService(target.serviceName), let previous = service.taskDefinition else {
            throw ReleaseError(.preflight, "service \(target.serviceName) does not exist in cluster \(target.cluster)")
        }
        step("task-definition", "registering a revision with \(image)")
        let definition = try await ecsService.register(image: image, like: target.blue)
        var state = ReleaseState(
            runID: options.runID, image: image, taskDefinitionArn: definition, liveColor: "ecs", newColor: "ecs", phase: .migrating,
            stepIndex: -1, greenPercent: 0, strategy: "ecs-managed", startedAt: Self.now())
        if let command = target.migrationCommand {
            try await ecsService.migrate(command: command, version: definition, like: target.blue)
        }
        state.phase = .shifting
        step("deploy", "ECS deploys \(definition.split(separator: "/").last.map(String.init) ?? definition) by the service's own strategy")
        try await ecsService.ecs.updateService(cluster: target.cluster, service: target.serviceName, taskDefinition: definition)
        if let trouble = try await followDeployment(of: definition, previous: previous) {
            let reason = trouble.reason
            if trouble.triggerRollback {
                step("rollback", "pointing \(target.serviceName) back at \(previous)")
                try await ecsService.ecs.updateService(cluster: target.cluster, service: target.serviceName, taskDefinition: previous)
            }
            reporter.report(.release(
                .rolledBack, target, status: "ecs", reason: reason,
                message: trouble.triggerRollback ? "ECS is rolling back to \(previous)" : "ECS rolled the deployment back"))
            _ = try? await writeRecord(state, who: who, result: "rolled-back", reason: reason, serving: "ecs")
            throw ReleaseError(.rolledBack, "rolled back: \(reason)", hint: "ECS serves \(previous) again; aws ecs describe-services --cluster \(target.cluster) --services \(target.serviceName)")
        }
        await recordImageParameter(image)
        let record = try await writeRecord(state, who: who, result: "succeeded", reason: nil, serving: "ecs")
        reporter.report(.release(.releaseFinished, target, status: "succeeded", message: "\(image) deployed by ECS", elapsed: started.duration(to: .now)))
        return record
    }

    /// Why a followed deployment did not succeed, and whether tenkai must ask for the rollback.
    struct DeploymentTrouble {
        var reason: String
        var triggerRollback: Bool
    }

    /// Polls the service until the deployment of `definition` completes (`nil`) or fails.
    private func followDeployment(of definition: String, previous: String) async throws -> DeploymentTrouble? {
        let deadline = ContinuousClock.now + options.deploymentTimeout
        let cloudWatch = CloudWatch(session)
        var shown = ""
        while true {
            if let why = interruption.requested { return DeploymentTrouble(reason: "interrupted: \(why)", triggerRollback: true) }
            if !target.alarmNames.isEmpty,
                let firing = try await cloudWatch.describeAlarms(names: target.alarmNames).first(where: { $0.stateValue == "ALARM" })
            {
                return DeploymentTrouble(reason: "alarm \(firing.alarmName) is in ALARM: \(firing.stateReason ?? "no reason given")", triggerRollback: true)
            }
            guard let service = try await ecsService.describeService(target.serviceName) else {
                throw ReleaseError(.inconsistent, "service \(target.serviceName) disappeared during the deployment")
            }
            let deployments = service.deployments ?? []
            guard let ours = deployments.first(where: { $0.taskDefinition == definition }) else {
                // ECS replaced our deployment: its rollback points the service at another revision.
                if service.taskDefinition != definition {
                    return DeploymentTrouble(reason: "ECS rolled the deployment back to \(service.taskDefinition ?? previous)", triggerRollback: false)
                }
                throw ReleaseError(.inconsistent, "service \(target.serviceName) shows no deployment of \(definition)")
            }
            let line = "deployment \(ours.id ?? "?") \(ours.rolloutState ?? ours.status ?? "?"): \(ours.runningCount ?? 0)/\(ours.desiredCount ?? 0) tasks running"
            if line != shown {
                progress(line)
                shown = line
            }
            switch ours.rolloutState {
            case "COMPLETED" where ours.status == "PRIMARY":
                return nil
            case "FAILED":
                return DeploymentTrouble(reason: "ECS deployment \(ours.id ?? "") failed: \(ours.rolloutStateReason ?? "no reason given")", triggerRollback: false)
            default:
                break
            }
            guard ContinuousClock.now < deadline else {
                return DeploymentTrouble(reason: "the deployment did not finish within \(options.deploymentTimeout)", triggerRollback: true)
            }
            try await Task.sleep(for: options.pollInterval)
        }
    }
}
