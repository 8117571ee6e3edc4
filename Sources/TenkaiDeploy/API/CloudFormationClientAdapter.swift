import AWSClient
import FoundationEssentials

/// Makes `AWSClient`'s CloudFormation client the engine's ``CloudFormationAPI``: a translation of
/// types, nothing else.
///
/// ```swift
/// let api = CloudFormationClientAdapter(CloudFormation(session))
/// ```
public struct CloudFormationClientAdapter: CloudFormationAPI {
    public let client: CloudFormation

    public init(_ client: CloudFormation) {
        self.client = client
    }

    public var region: String { client.session.region }

    public func describeStack(named name: String) async throws -> StackDescription? {
        guard let stack = try await client.describeStack(name) else { return nil }
        return StackDescription(
            stackID: stack.stackId, stackName: stack.stackName, status: StackState(stack.stackStatus.rawValue),
            statusReason: stack.stackStatusReason, creationTime: stack.creationTime, lastUpdatedTime: stack.lastUpdatedTime,
            terminationProtection: stack.enableTerminationProtection ?? false,
            parameters: Dictionary(stack.parameters.map { ($0.parameterKey, $0.parameterValue ?? "") }, uniquingKeysWith: { _, last in last }),
            tags: Dictionary(stack.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }),
            outputs: Dictionary(stack.outputs.map { ($0.outputKey, $0.outputValue ?? "") }, uniquingKeysWith: { _, last in last }))
    }

    public func getTemplate(stackName: String) async throws -> String {
        try await client.getTemplate(stackName: stackName, templateStage: "Original")
    }

    public func createChangeSet(_ request: ChangeSetRequest) async throws -> String {
        var input = CreateChangeSetInput(
            stackName: request.stackName, changeSetName: request.changeSetName,
            changeSetType: ChangeSetType(rawValue: request.kind.rawValue), templateBody: request.templateBody,
            templateURL: request.templateURL)
        input.parameters = Self.parameters(request.parameters, keeping: request.keptParameters)
        input.tags = Self.tags(request.tags)
        input.capabilities = request.capabilities
        input.description = request.description
        input.clientToken = request.clientToken
        return try await client.createChangeSet(input).id
    }

    public func createStack(_ request: StackRequest) async throws {
        var input = CreateStackInput(stackName: request.stackName, templateBody: request.templateBody, templateURL: request.templateURL)
        input.parameters = Self.parameters(request.parameters)
        input.tags = Self.tags(request.tags)
        input.capabilities = request.capabilities
        input.clientRequestToken = request.clientRequestToken
        try await client.createStack(input)
    }

    public func updateStack(_ request: StackRequest) async throws {
        var input = UpdateStackInput(stackName: request.stackName, templateBody: request.templateBody, templateURL: request.templateURL)
        input.parameters = Self.parameters(request.parameters, keeping: request.keptParameters)
        input.tags = Self.tags(request.tags)
        input.capabilities = request.capabilities
        input.clientRequestToken = request.clientRequestToken
        try await client.updateStack(input)
    }

    private static func parameters(_ values: [String: String], keeping kept: [String] = []) -> [CloudFormationParameter] {
        values.keys.sorted().map { CloudFormationParameter(parameterKey: $0, parameterValue: values[$0]) }
            + kept.filter { values[$0] == nil }.sorted().map { CloudFormationParameter(parameterKey: $0, usePreviousValue: true) }
    }

    private static func tags(_ values: [String: String]) -> [CloudFormationTag] {
        values.keys.sorted().map { CloudFormationTag(key: $0, value: values[$0]!) }
    }

    public func describeChangeSet(_ changeSet: String, stackName: String) async throws -> DescribedChangeSet {
        let described = try await client.describeChangeSetAllPages(DescribeChangeSetInput(changeSetName: changeSet, stackName: stackName, includePropertyValues: true))
        return DescribedChangeSet(
            arn: described.changeSetId, name: described.changeSetName, stackID: described.stackId, status: described.status.rawValue,
            statusReason: described.statusReason, executionStatus: described.executionStatus?.rawValue,
            changes: described.changes.compactMap(\.resourceChange).map { change in
                PlannedChange(
                    action: change.action ?? "Dynamic", logicalResourceID: change.logicalResourceId,
                    physicalResourceID: change.physicalResourceId, resourceType: change.resourceType ?? "",
                    replacement: change.replacement, scope: change.scope,
                    details: change.details.compactMap { detail in
                        detail.target.map {
                            ChangeDetail(
                                attribute: $0.attribute ?? "", name: $0.name, requiresRecreation: $0.requiresRecreation,
                                beforeValue: $0.beforeValue, afterValue: $0.afterValue)
                        }
                    })
            })
    }

    public func executeChangeSet(_ changeSetARN: String, stackName: String, clientRequestToken: String) async throws {
        var input = ExecuteChangeSetInput(changeSetName: changeSetARN, stackName: stackName)
        input.clientRequestToken = clientRequestToken
        try await client.executeChangeSet(input)
    }

    public func deleteChangeSet(_ changeSetARN: String, stackName: String) async throws {
        try await client.deleteChangeSet(changeSetName: changeSetARN, stackName: stackName)
    }

    public func deleteStack(named name: String, clientRequestToken: String) async throws {
        var input = DeleteStackInput(stackName: name)
        input.clientRequestToken = clientRequestToken
        try await client.deleteStack(input)
    }

    public func describeStackEvents(stackName: String, nextToken: String?) async throws -> StackActivityPage {
        let page = try await client.describeStackEvents(stackName: stackName, nextToken: nextToken)
        return StackActivityPage(
            events: page.stackEvents.map { event in
                StackActivity(
                    eventID: event.eventId, logicalResourceID: event.logicalResourceId ?? event.stackName,
                    physicalResourceID: event.physicalResourceId, resourceType: event.resourceType ?? "AWS::CloudFormation::Stack",
                    status: event.resourceStatus ?? "", statusReason: event.resourceStatusReason, timestamp: event.timestamp,
                    clientRequestToken: event.clientRequestToken)
            },
            nextToken: page.nextToken)
    }

    public func updateTerminationProtection(stackName: String, enabled: Bool) async throws {
        try await client.updateTerminationProtection(stackName: stackName, enabled: enabled)
    }

    public func describeStackResources(stackName: String) async throws -> [StackResourceSummary] {
        try await client.describeStackResources(stackName: stackName).map {
            StackResourceSummary(
                logicalResourceID: $0.logicalResourceId, physicalResourceID: $0.physicalResourceId, resourceType: $0.resourceType ?? "",
                status: $0.resourceStatus ?? "")
        }
    }
}
