import AWSClient
import FoundationEssentials

extension ReleaseEngine {
    /// Sets the stack's image parameter, and those of ``ReleaseOptions/containerImages``
    /// (template and other parameters unchanged), so the next deploy keeps the released images.
    /// A failure here is reported, not rolled back: traffic is fine.
    /// `waiting`: until CloudFormation finished (an ECS stack rolls its service onto the image).
    func recordImageParameter(_ image: String, waiting: Bool = false) async {
        do {
            try await updateImageParameter(image, waiting: waiting)
        } catch {
            let stackName = target.imageStack ?? "-", parameter = target.imageParameter ?? "-"
            reporter.report(.release(
                .notice, target, message: "WARNING: could not set \(parameter) on stack \(stackName) (\(error)); the next deploy may revert the image"))
        }
    }

    /// `UpdateStack` with `UsePreviousTemplate` and the image parameter set; with `waiting`, waits
    /// until the update finished and throws unless it completed. A stack that already has the
    /// image ("no updates") is success: a rerun of an interrupted hand-back lands here.
    /// Returns whether an update started (`false`: the stack had the image already).
    ///
    /// In the stack, the parameter feeds the task definition, so CloudFormation replaces it and
    /// updates the stack's ECS service onto the new revision: the service deploys it.
    /// `AWS::ECS::Service` also sends the template's `DesiredCount` on every update (CloudFormation
    /// keeps the running count only when the property is absent: aws/aws-cdk#13130,
    /// aws/containers-roadmap#493), so a service at 0 tasks comes back at the template's count.
    /// For app servers the parameter feeds the launch template's cloud-init: CloudFormation adds a
    /// version and moves both Auto Scaling groups onto it, replacing no instance
    /// (``EC2ReleaseCompute/takeOver(_:image:count:)`` refills blue).
    @discardableResult
    func updateImageParameter(_ image: String, waiting: Bool) async throws -> Bool {
        guard let stackName = target.imageStack, let parameter = target.imageParameter else { return false }
        let cloudFormation = CloudFormation(session)
        guard var stack = try await cloudFormation.describeStack(stackName) else {
            throw ReleaseError(.handBackFailed, "stack \(stackName) does not exist")
        }
        guard stack.parameters.contains(where: { $0.parameterKey == parameter }) else {
            throw ReleaseError(.handBackFailed, "stack \(stackName) has no parameter \(parameter)", hint: "deploy it with this tenkai")
        }
        if waiting, stack.stackStatus.rawValue.hasSuffix("_IN_PROGRESS") {
            // An interrupted run's update still going: let it end first.
            stack = try await waitForStack(stackName)
        }
        var input = UpdateStackInput(stackName: stackName)
        input.usePreviousTemplate = true
        input.capabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]
        // Other parameters keep their values: sent as read back, except hidden (NoEcho) ones,
        // which only `UsePreviousValue` can keep.
        // The other containers' images of the release go in the same update: one stack change for one version.
        let values = target.imageParameterValues(image: image, containerImages: options.containerImages)
        if let missing = values.keys.sorted().first(where: { key in !stack.parameters.contains { $0.parameterKey == key } }) {
            throw ReleaseError(.handBackFailed, "stack \(stackName) has no parameter \(missing)", hint: "deploy it with this tenkai")
        }
        input.parameters = stack.parameters.map { existing in
            if let value = values[existing.parameterKey] { return CloudFormationParameter(parameterKey: existing.parameterKey, parameterValue: value) }
            if let value = existing.parameterValue, value != "****" {
                return CloudFormationParameter(parameterKey: existing.parameterKey, parameterValue: value)
            }
            return CloudFormationParameter(parameterKey: existing.parameterKey, usePreviousValue: true)
        }
        do {
            _ = try await cloudFormation.updateStack(input)
        } catch where AWSErrorKinds.isNoChanges(error) {
            progress("stack \(stackName) already has \(Self.assignments(values))")
            return false
        }
        progress("stack \(stackName): \(Self.assignments(values))")
        guard waiting else { return true }
        let ended = try await waitForStack(stackName)
        guard ended.stackStatus.rawValue == "UPDATE_COMPLETE" else {
            throw ReleaseError(
                .handBackFailed,
                "the update of stack \(stackName) ended \(ended.stackStatus.rawValue)\(ended.stackStatusReason.map { " (\($0))" } ?? "")",
                hint: "read the stack's events (aws cloudformation describe-stack-events --stack-name \(stackName))")
        }
        return true
    }

    /// `ApiServiceGatewayImage = …, ApiServiceStaffApiImage = …`, sorted.
    static func assignments(_ values: [String: String]) -> String {
        values.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
    }

    /// Polls until the stack's operation ended; gives up after ``ReleaseOptions/deploymentTimeout``
    /// and stops waiting when interrupted (CloudFormation goes on either way).
    func waitForStack(_ stackName: String) async throws -> CloudFormationStack {
        let deadline = ContinuousClock.now + options.deploymentTimeout
        var shown = ""
        while true {
            if let why = interruption.requested {
                throw ReleaseError(.handBackFailed, "interrupted (\(why)) while stack \(stackName) was updating")
            }
            let stack = try await pollStack(stackName, shown: &shown, missing: ReleaseError(.handBackFailed, "stack \(stackName) disappeared"))
            let status = stack.stackStatus.rawValue
            if !status.hasSuffix("_IN_PROGRESS") { return stack }
            guard ContinuousClock.now < deadline else {
                throw ReleaseError(.handBackFailed, "stack \(stackName) was still \(status) after \(options.deploymentTimeout)")
            }
            try await Task.sleep(for: options.pollInterval)
        }
    }
}
