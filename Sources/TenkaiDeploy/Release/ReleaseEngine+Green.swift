import AWSClient
import FoundationEssentials

extension ReleaseEngine {
    /// A new revision of the stack's task definition with the released container's image replaced.
    func registerTaskDefinition(image: String) async throws -> String {
        guard let declared = try await describeService(target.blue.serviceName), let current = declared.taskDefinition else {
            throw ReleaseError(.preflight, "service \(target.blue.serviceName) has no task definition")
        }
        var definition = try await ecs.describeTaskDefinition(current)
        guard var containers = definition["containerDefinitions"]?.arrayValue,
            let index = containers.firstIndex(where: { $0["name"]?.stringValue == target.containerName })
        else {
            throw ReleaseError(.preflight, "task definition \(current) has no container \(target.containerName)")
        }
        containers[index]["image"] = .string(image)
        definition["containerDefinitions"] = .array(containers)
        let registered = try await ecs.registerTaskDefinition(copying: definition)
        progress("task definition \(registered.family):\(registered.revision)")
        return registered.taskDefinitionArn
    }

    /// Runs the migration once as a one-off task of the new task definition and waits for it to
    /// stop; anything but exit code 0 stops the release before green starts.
    func migrate(command: [String], taskDefinition: String, like service: ECSService) async throws {
        step("migrate", "running \(command.joined(separator: " ")) once")
        var input = RunTaskInput(cluster: target.cluster, taskDefinition: taskDefinition)
        input.networkConfiguration = service.networkConfiguration
        if let strategy = service.capacityProviderStrategy { input.capacityProviderStrategy = strategy } else { input.launchType = service.launchType ?? "FARGATE" }
        let migrationContainer = target.migrationContainer ?? target.containerName
        input.override(container: migrationContainer, command: command)
        input.startedBy = "tenkai-release-\(options.runID)".prefix(36).description
        let run = try await ecs.runTask(input)
        guard let task = run.tasks.first else {
            let why = run.failures?.first.map { "\($0.reason ?? "unknown") (\($0.arn ?? "-"))" } ?? "no reason given"
            throw ReleaseError(.migrationFailed, "the migration task did not start: \(why); no traffic moved")
        }
        let deadline = ContinuousClock.now + options.migrationTimeout
        var lastStatus = ""
        while true {
            let described = try await ecs.describeTasks(cluster: target.cluster, tasks: [task.taskArn]).tasks.first
            let status = described?.lastStatus ?? "UNKNOWN"
            if status != lastStatus {
                progress("migration task \(status.lowercased())")
                lastStatus = status
            }
            // A migration container beside others (not essential) stops before its task does.
            let migrationStopped = described?.containers?.first { $0.name == migrationContainer }?.lastStatus == "STOPPED"
            if status == "STOPPED" || migrationStopped, let described {
                if status != "STOPPED" {
                    _ = try? await ecs.stopTask(cluster: target.cluster, task: task.taskArn, reason: "tenkai release: the migration finished")
                }
                let container = described.containers?.first { $0.name == migrationContainer }
                guard let code = container?.exitCode, code == 0 else {
                    let exit = container?.exitCode.map { "exited \($0)" } ?? "has no exit code"
                    let reason = [described.stoppedReason, container?.reason].compactMap { $0 }.joined(separator: "; ")
                    throw ReleaseError(
                        .migrationFailed, "the migration \(exit)\(reason.isEmpty ? "" : " (\(reason))"); no traffic moved",
                        hint: "read the task's logs (\(task.taskArn)), fix the migration and release again")
                }
                progress("migration exited 0")
                return
            }
            guard ContinuousClock.now < deadline else {
                throw ReleaseError(.migrationFailed, "the migration did not stop within \(options.migrationTimeout); no traffic moved", hint: "task \(task.taskArn)")
            }
            try await Task.sleep(for: options.pollInterval)
        }
    }

    /// Points the idle slot's service at the new task definition with as many tasks as the
    /// serving one (creating it the first time), then waits until its targets are healthy.
    func startGreen(_ slot: ReleaseTarget.Slot, taskDefinition: String, like live: ECSService) async throws {
        let desired = max(1, live.desiredCount ?? 1)
        step("green", "starting \(desired) task\(desired == 1 ? "" : "s") in \(slot.color) (\(slot.serviceName))")
        if try await describeService(slot.serviceName) == nil {
            var input = CreateServiceInput(cluster: target.cluster, serviceName: slot.serviceName, taskDefinition: taskDefinition, desiredCount: desired)
            if let strategy = live.capacityProviderStrategy { input.capacityProviderStrategy = strategy } else { input.launchType = live.launchType ?? "FARGATE" }
            input.networkConfiguration = live.networkConfiguration
            input.loadBalancers = [ServiceLoadBalancer(targetGroupArn: slot.targetGroupArn, containerName: target.containerName, containerPort: target.containerPort)]
            input.healthCheckGracePeriodSeconds = live.healthCheckGracePeriodSeconds
            input.clientToken = "tenkai-\(options.runID)".prefix(36).description
            try await ecs.createService(input)
        } else {
            try await ecs.updateService(cluster: target.cluster, service: slot.serviceName, taskDefinition: taskDefinition, desiredCount: desired)
        }
        try await waitHealthy(slot, count: desired)
    }

    /// Waits until `count` targets of the slot's group are healthy (and none unhealthy), reporting
    /// each change; gives up after ``ReleaseOptions/healthTimeout``.
    private func waitHealthy(_ slot: ReleaseTarget.Slot, count: Int) async throws {
        let deadline = ContinuousClock.now + options.healthTimeout
        var shown = ""
        while true {
            if let why = interruption.requested {
                throw ReleaseError(.greenUnhealthy, "interrupted (\(why)) while \(slot.color) was starting; no traffic moved")
            }
            let targets = try await elb.describeTargetHealth(targetGroupArn: slot.targetGroupArn)
            let healthy = targets.filter { $0.targetHealth?.state == "healthy" }.count
            let line = "\(slot.color): \(healthy)/\(count) targets healthy"
            if line != shown {
                progress(line)
                shown = line
            }
            if healthy >= count { return }
            guard ContinuousClock.now < deadline else {
                let sick = targets.filter { $0.targetHealth?.state != "healthy" }
                    .map { "\($0.target.id) \($0.targetHealth?.state ?? "?")\($0.targetHealth?.reason.map { " (\($0))" } ?? "")" }
                throw ReleaseError(
                    .greenUnhealthy,
                    "\(slot.color) did not become healthy within \(options.healthTimeout): \(line)"
                        + (sick.isEmpty ? "" : "; " + sick.joined(separator: ", ")) + "; no traffic moved",
                    hint: "read the new tasks' logs and stopped reasons (aws ecs describe-services --cluster \(target.cluster) --services \(slot.serviceName))")
            }
            try await Task.sleep(for: options.pollInterval)
        }
    }
}
