import FoundationEssentials

/// The CloudFormation operations the deploy engine needs, with typed inputs and outputs.
///
/// Mutating calls carry an idempotency token (a fresh UUID unless the caller gives one), so they
/// are retried safely; paginated reads have a single-page and an all-pages form.
///
/// ```swift
/// let cfn = CloudFormation(aws)
/// let created = try await cfn.createChangeSet(.init(
///     stackName: "app", changeSetName: "tenkai-1", changeSetType: .create, templateBody: json))
/// let changes = try await cfn.describeChangeSetAllPages(.init(changeSetName: created.id, includePropertyValues: true))
/// try await cfn.executeChangeSet(.init(changeSetName: created.id))
/// ```
public struct CloudFormation: Sendable {
    public let session: AWSSession
    private let service = AWSService.cloudFormation

    public init(_ session: AWSSession) {
        self.session = session
    }

    // MARK: - Stacks

    /// Creates a stack; returns its ID.
    @discardableResult
    public func createStack(_ input: CreateStackInput) async throws -> String {
        var input = input
        input.clientRequestToken = input.clientRequestToken ?? UUID().uuidString
        return try await session.query(service, "CreateStack", input, as: StackIDOutput.self).stackId
    }

    /// Updates a stack directly (without a change set); returns its ID.
    @discardableResult
    public func updateStack(_ input: UpdateStackInput) async throws -> String {
        var input = input
        input.clientRequestToken = input.clientRequestToken ?? UUID().uuidString
        return try await session.query(service, "UpdateStack", input, as: StackIDOutput.self).stackId
    }

    public func deleteStack(_ input: DeleteStackInput) async throws {
        var input = input
        input.clientRequestToken = input.clientRequestToken ?? UUID().uuidString
        _ = try await session.query(service, "DeleteStack", input, as: Nothing.self)
    }

    /// One page of stacks (all stacks, or the one named).
    public func describeStacks(stackName: String? = nil, nextToken: String? = nil) async throws -> DescribeStacksOutput {
        try await session.query(service, "DescribeStacks", StackNameInput(stackName: stackName, nextToken: nextToken))
    }

    /// The stack called `name`, or `nil` when there is none (CloudFormation answers that with a
    /// `ValidationError` "does not exist").
    public func describeStack(_ name: String) async throws -> CloudFormationStack? {
        do {
            return try await describeStacks(stackName: name).stacks.first
        } catch let error as AWSError where error.code == "ValidationError" && error.message.contains("does not exist") {
            return nil
        }
    }

    /// One page of a stack's events, newest first.
    public func describeStackEvents(stackName: String, nextToken: String? = nil) async throws -> StackEventsPage {
        try await session.query(service, "DescribeStackEvents", StackNameInput(stackName: stackName, nextToken: nextToken))
    }

    /// Events newest first, paging on until `shouldContinue` says stop (at an event already seen,
    /// or older than the operation) or the log ends.
    public func describeStackEvents(
        stackName: String, while shouldContinue: (StackEvent) -> Bool
    ) async throws -> [StackEvent] {
        var events: [StackEvent] = []
        var token: String?
        repeat {
            let page = try await describeStackEvents(stackName: stackName, nextToken: token)
            for event in page.stackEvents {
                guard shouldContinue(event) else { return events }
                events.append(event)
            }
            token = page.nextToken
        } while token != nil
        return events
    }

    public func describeStackResources(stackName: String, logicalResourceId: String? = nil) async throws -> [StackResource] {
        try await session.query(
            service, "DescribeStackResources", StackResourcesInput(stackName: stackName, logicalResourceId: logicalResourceId),
            as: StackResourcesOutput.self
        ).stackResources
    }

    /// The template of a stack (or of one of its change sets); `templateStage` is `Original` or `Processed`.
    public func getTemplate(stackName: String, changeSetName: String? = nil, templateStage: String? = nil) async throws -> String {
        try await session.query(
            service, "GetTemplate", GetTemplateInput(stackName: stackName, changeSetName: changeSetName, templateStage: templateStage),
            as: TemplateOutput.self
        ).templateBody
    }

    /// Every export of the account and region.
    public func listExports() async throws -> [CloudFormationExport] {
        var exports: [CloudFormationExport] = []
        var token: String?
        repeat {
            let page = try await session.query(service, "ListExports", NextTokenInput(nextToken: token), as: ExportsPage.self)
            exports += page.exports
            token = page.nextToken
        } while token != nil
        return exports
    }

    public func updateTerminationProtection(stackName: String, enabled: Bool) async throws {
        _ = try await session.query(
            service, "UpdateTerminationProtection",
            TerminationProtectionInput(enableTerminationProtection: enabled, stackName: stackName), as: StackIDOutput.self
        )
    }

    public func setStackPolicy(stackName: String, policyBody: String) async throws {
        _ = try await session.query(service, "SetStackPolicy", StackPolicyInput(stackName: stackName, stackPolicyBody: policyBody), as: Nothing.self)
    }

    public func continueUpdateRollback(_ input: ContinueUpdateRollbackInput) async throws {
        var input = input
        input.clientRequestToken = input.clientRequestToken ?? UUID().uuidString
        _ = try await session.query(service, "ContinueUpdateRollback", input, as: Nothing.self)
    }

    /// Checks a template's syntax and lists its parameters and required capabilities.
    public func validateTemplate(body: String? = nil, url: String? = nil) async throws -> TemplateValidation {
        try await session.query(service, "ValidateTemplate", TemplateBodyInput(templateBody: body, templateURL: url))
    }

    // MARK: - Change sets

    public func createChangeSet(_ input: CreateChangeSetInput) async throws -> CreatedChangeSet {
        var input = input
        input.clientToken = input.clientToken ?? UUID().uuidString
        return try await session.query(service, "CreateChangeSet", input)
    }

    /// One page of a change set's description.
    public func describeChangeSet(_ input: DescribeChangeSetInput) async throws -> ChangeSetDescription {
        try await session.query(service, "DescribeChangeSet", input)
    }

    /// The change set with the changes of every page.
    public func describeChangeSetAllPages(_ input: DescribeChangeSetInput) async throws -> ChangeSetDescription {
        var input = input
        var description = try await describeChangeSet(input)
        while let token = description.nextToken {
            input.nextToken = token
            let page = try await describeChangeSet(input)
            description.changes += page.changes
            description.nextToken = page.nextToken
        }
        return description
    }

    public func executeChangeSet(_ input: ExecuteChangeSetInput) async throws {
        var input = input
        input.clientRequestToken = input.clientRequestToken ?? UUID().uuidString
        _ = try await session.query(service, "ExecuteChangeSet", input, as: Nothing.self)
    }

    public func deleteChangeSet(changeSetName: String, stackName: String? = nil) async throws {
        _ = try await session.query(service, "DeleteChangeSet", ChangeSetNameInput(changeSetName: changeSetName, stackName: stackName), as: Nothing.self)
    }

    /// Every change set of a stack.
    public func listChangeSets(stackName: String) async throws -> [ChangeSetSummary] {
        var summaries: [ChangeSetSummary] = []
        var token: String?
        repeat {
            let page = try await session.query(
                service, "ListChangeSets", StackNameInput(stackName: stackName, nextToken: token), as: ChangeSetsPage.self
            )
            summaries += page.summaries
            token = page.nextToken
        } while token != nil
        return summaries
    }
}

private struct StackIDOutput: Decodable {
    var stackId: String
}

private struct StackResourcesOutput: Decodable {
    var stackResources: [StackResource]
}

private struct TemplateOutput: Decodable {
    var templateBody: String
}

private struct ExportsPage: Decodable {
    var exports: [CloudFormationExport]
    var nextToken: String?
}

private struct ChangeSetsPage: Decodable {
    var summaries: [ChangeSetSummary]
    var nextToken: String?
}
