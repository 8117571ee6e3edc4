import AWSClient
import FoundationEssentials

/// Slots that are ECS services: a new task definition revision, the migration as a one-off
/// task, the idle slot's service (created next to the stack's the first time) scaled to the
/// serving one's count.
struct ECSReleaseCompute: ReleaseCompute {
    let target: ReleaseTarget
    let options: ReleaseOptions
    let ecs: ECS
    let narrator: ReleaseNarrator

    func servingCount(_ live: ReleaseTarget.Slot) async throws -> Int {
        guard let service = try await describeService(live.serviceName) else {
            throw ReleaseError(.preflight, "service \(live.serviceName) (\(live.color), serving) does not exist in cluster \(target.cluster)")
        }
        return max(1, service.desiredCount ?? 1)
    }

    /// A new revision of the stack's task definition with the released container's image
    /// replaced, and with it every container that ran the same image (a migration container
    /// beside the app must migrate with the new version), and each container named in
    /// ``ReleaseOptions/containerImages`` given its image: one revision for the whole version.
    func register(image: String, like live: ReleaseTarget.Slot) async throws -> String {
        guard let declared = try await describeService(target.blue.serviceName), let current = declared.taskDefinition else {
            throw ReleaseError(.preflight, "service \(target.blue.serviceName) has no task definition")
        }
        var definition = try await ecs.describeTaskDefinition(current)
        guard var containers = definition["containerDefinitions"]?.arrayValue,
            let index = containers.firstIndex(where: { $0["name"]?.stringValue == target.containerName })
        else {
            throw ReleaseError(.preflight, "task definition \(current) has no container \(target.containerName)")
        }
        let previous = containers[index]["image"]
        for other in containers.indices where other == index || (previous != nil && containers[other]["image"] == previous) {
            containers[other]["image"] = .string(image)
        }
        // The other containers named in the release (`--image gateway=REF`) take their own images.
        for (name, other) in options.containerImages {
            guard let named = containers.firstIndex(where: { $0["name"]?.stringValue == name }) else {
                throw ReleaseError(
                    .preflight, "task definition \(current) has no container \(name)",
                    hint: "deploy the environment again so the stack's service runs its template's containers")
            }
            containers[named]["image"] = .string(other)
        }
        definition["containerDefinitions"] = .array(containers)
        let registered = try await ecs.registerTaskDefinition(copying: definition)
        narrator.progress("task definition \(registered.family):\(registered.revision)")
        return registered.taskDefinitionArn
    }

    /// Runs the migration once as a one-off task of the new task definition and waits for it to
    /// stop; anything but exit code 0 stops the release before green starts.
    func migrate(command: [String], version taskDefinition: String, like live: ReleaseTarget.Slot) async throws {
        guard let service = try await describeService(live.serviceName) else {
            throw ReleaseError(.preflight, "service \(live.serviceName) does not exist in cluster \(target.cluster)")
        }
        narrator.step("migrate", "running \(command.joined(separator: " ")) once")
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
                narrator.progress("migration task \(status.lowercased())")
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
                narrator.progress("migration exited 0")
                return
            }
            guard ContinuousClock.now < deadline else {
                throw ReleaseError(.migrationFailed, "the migration did not stop within \(options.migrationTimeout); no traffic moved", hint: "task \(task.taskArn)")
            }
            try await Task.sleep(for: options.pollInterval)
        }
    }

    /// Points the idle slot's service at the new task definition with `count` tasks, creating
    /// it like the serving one the first time.
    func start(_ slot: ReleaseTarget.Slot, version taskDefinition: String, count: Int) async throws {
        narrator.step("green", "starting \(count) task\(count == 1 ? "" : "s") in \(slot.color) (\(slot.serviceName))")
        if try await describeService(slot.serviceName) == nil {
            let live = target.other(slot)
            guard let like = try await describeService(live.serviceName) else {
                throw ReleaseError(.preflight, "service \(live.serviceName) does not exist in cluster \(target.cluster)")
            }
            var input = CreateServiceInput(cluster: target.cluster, serviceName: slot.serviceName, taskDefinition: taskDefinition, desiredCount: count)
            if let strategy = like.capacityProviderStrategy { input.capacityProviderStrategy = strategy } else { input.launchType = like.launchType ?? "FARGATE" }
            input.networkConfiguration = like.networkConfiguration
            input.loadBalancers = [ServiceLoadBalancer(targetGroupArn: slot.targetGroupArn, containerName: target.containerName, containerPort: target.containerPort)]
            input.healthCheckGracePeriodSeconds = like.healthCheckGracePeriodSeconds
            input.clientToken = "tenkai-\(options.runID)".prefix(36).description
            try await ecs.createService(input)
        } else {
            try await ecs.updateService(cluster: target.cluster, service: slot.serviceName, taskDefinition: taskDefinition, desiredCount: count)
        }
    }

    /// After the stack update of a hand-back: the slot's service runs a task definition whose
    /// released container has `image`, with at least `count` tasks (the template's `DesiredCount`
    /// may be lower than what green serves with).
    func takeOver(_ slot: ReleaseTarget.Slot, image: String, count: Int) async throws {
        guard let service = try await describeService(slot.serviceName), let current = service.taskDefinition else {
            throw ReleaseError(.handBackFailed, "service \(slot.serviceName) does not exist in cluster \(target.cluster)")
        }
        let definition = try await ecs.describeTaskDefinition(current)
        let running = definition["containerDefinitions"]?.arrayValue?.first { $0["name"]?.stringValue == target.containerName }?["image"]?.stringValue
        guard running == image else {
            throw ReleaseError(
                .handBackFailed,
                "after the stack update \(slot.serviceName) runs \(current) with image \(running ?? "none"), not \(image)",
                hint: "the stack's task definition must take container \(target.containerName)'s image from parameter \(target.imageParameter ?? "-")")
        }
        if (service.desiredCount ?? 0) < count {
            narrator.progress("\(slot.color): \(service.desiredCount ?? 0) → \(count) tasks, as many as serve now")
            _ = try await ecs.updateService(cluster: target.cluster, service: slot.serviceName, desiredCount: count) as ECSService
        }
    }

    func stop(_ slot: ReleaseTarget.Slot) async throws {
        _ = try await ecs.updateService(cluster: target.cluster, service: slot.serviceName, desiredCount: 0) as ECSService
    }

    func troubleshooting(_ slot: ReleaseTarget.Slot) -> String {
        "read the new tasks' logs and stopped reasons (aws ecs describe-services --cluster \(target.cluster) --services \(slot.serviceName))"
    }

    func describeService(_ name: String) async throws -> ECSService? {
        try await ecs.describeServices(cluster: target.cluster, services: [name]).services.first { $0.status != "INACTIVE" }
    }
}
