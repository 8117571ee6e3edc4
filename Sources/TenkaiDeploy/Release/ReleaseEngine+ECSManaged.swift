import AWSClient
import FoundationEssentials

extension ReleaseEngine {
    /// The service ECS deploys: registered, migrated and described like any ECS slot.
    var ecsService: ECSReleaseCompute {
        ECSReleaseCompute(target: target, options: options, ecs: ECS(session), narrator: ReleaseNarrator(target: target, reporter: reporter))
    }

    /// A release of a service whose blue/green ECS drives (``ReleaseTarget/ecsManaged``):
    /// CloudFormation drives it, so the account never disagrees with the templates. The same
    /// preflight and migration, then one `UpdateStack` with the new image: CloudFormation
    /// registers the revision and updates the service, ECS runs its deployment (bake, alarms)
    /// while the stack is `UPDATE_IN_PROGRESS`. Both are followed (``followStackDeployment``);
    /// an alarm tenkai sees first, the deadline or Ctrl-C cancel the update, and CloudFormation
    /// rolls the stack and the service back to the previous revision.
    func runECSManaged(image: String, who: String, started: ContinuousClock.Instant) async throws -> ReleaseRecord {
        guard let stackName = target.imageStack, let parameter = target.imageParameter else {
            throw ReleaseError(
                .preflight, "service \(target.serviceName) publishes no stack image parameter, so CloudFormation cannot deploy its image",
                hint: "deploy the system with this tenkai, then release again")
        }
        guard let service = try await ecsService.describeService(target.serviceName), let previous = service.taskDefinition else {
            throw ReleaseError(.preflight, "service \(target.serviceName) does not exist in cluster \(target.cluster)")
        }
        var state = ReleaseState(
            runID: options.runID, image: image, taskDefinitionArn: previous, liveColor: "ecs", newColor: "ecs", phase: .migrating,
            stepIndex: -1, greenPercent: 0, strategy: "ecs-managed", startedAt: Self.now())
        state.containerImages = options.containerImages.isEmpty ? nil : options.containerImages
        if let command = target.migrationCommand {
            // The one-off migration task needs a revision before the stack has one: registered
            // outside CloudFormation for that task only; the service never runs it.
            step("task-definition", "registering a revision with \(describedImages(image)) for the migration task")
            let migration = try await ecsService.register(image: image, like: target.blue)
            try await ecsService.migrate(command: command, version: migration, like: target.blue)
        }
        state.phase = .shifting
        step("deploy", "stack \(stackName) takes \(parameter) = \(describedImages(image)); CloudFormation updates the service, ECS deploys it by its own strategy")
        let updateStarted = Date()
        let outcome: ECSManagedOutcome
        if try await updateImageParameter(image, waiting: false) {
            outcome = try await followStackDeployment(stackName, previous: previous, since: updateStarted)
        } else {
            outcome = .deployed(previous)
        }
        switch outcome {
        case .deployed(let revision):
            state.taskDefinitionArn = revision
            let record = try await writeRecord(state, who: who, result: "succeeded", reason: nil, serving: "ecs")
            reporter.report(.release(.releaseFinished, target, status: "succeeded", message: "\(image) deployed by ECS", elapsed: started.duration(to: .now)))
            return record
        case .rolledBack(let reason, let revision, let cancelled):
            state.taskDefinitionArn = revision ?? previous
            reporter.report(.release(
                .rolledBack, target, status: "ecs", reason: reason,
                message: cancelled ? "CloudFormation rolled stack \(stackName) back to \(previous)" : "ECS failed the deployment; CloudFormation rolled back"))
            _ = try? await writeRecord(state, who: who, result: "rolled-back", reason: reason, serving: "ecs")
            throw ReleaseError(
                .rolledBack, "rolled back: \(reason)",
                hint: "ECS serves \(previous) again; aws cloudformation describe-stack-events --stack-name \(stackName)")
        }
    }
}
