/// Checks, just before executing, that a plan's change set is still exactly what was approved.
public enum PlanExecution {
    /// The plan entry as a change set ready to execute, after checking that the rendered template
    /// is the one planned and that the change set is still available with the same changes.
    public static func verify(_ entry: DeployPlan.Stack, target: DeployTarget, api: any CloudFormationAPI) async throws -> PreparedChangeSet {
        guard target.templateSHA256 == entry.templateSHA256 else {
            throw DeployError(
                .invalidPlan, "the template rendered now is not the one planned (\(target.templateSHA256) vs \(entry.templateSHA256))",
                stackName: target.stackName, hint: "deploy the commit the plan was made from, or make a new plan")
        }
        let changeSet = try await api.describeChangeSet(entry.changeSetARN, stackName: entry.stackName)
        guard changeSet.status == "CREATE_COMPLETE", changeSet.executionStatus == nil || changeSet.executionStatus == "AVAILABLE" else {
            throw DeployError(
                .invalidPlan,
                "the planned change set is \(changeSet.status)/\(changeSet.executionStatus ?? "-"), no longer executable\(changeSet.statusReason.map { ": \($0)" } ?? "")",
                stackName: target.stackName, hint: "the stack changed since the plan was made; make a new plan")
        }
        guard changeSet.changes == entry.changes else {
            throw DeployError(.invalidPlan, "the change set's changes differ from the plan's", stackName: target.stackName, hint: "make a new plan")
        }
        let reviewed = ChangeReview(newTemplate: target.template, deployedTemplate: nil).review(changeSet.changes)
        return PreparedChangeSet(
            stack: target.name, stackName: target.stackName, arn: entry.changeSetARN, kind: entry.kind == "CREATE" ? .create : .update,
            parameters: entry.parameters, changes: reviewed)
    }
}
