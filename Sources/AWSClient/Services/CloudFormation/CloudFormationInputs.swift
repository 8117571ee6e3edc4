/// Inputs of the CloudFormation operations. Property names are the API's member names with a
/// lower-case first letter; `nil` leaves a member out.

/// Input of `CreateStack`. Give `templateBody` (≤ 51,200 bytes) or `templateURL` (an S3 URL).
public struct CreateStackInput: Encodable, Sendable {
    public var stackName: String
    public var templateBody: String?
    public var templateURL: String?
    public var parameters: [CloudFormationParameter] = []
    public var capabilities: [String] = []
    public var tags: [CloudFormationTag] = []
    public var roleARN: String?
    /// `ROLLBACK`, `DELETE` or `DO_NOTHING`.
    public var onFailure: String?
    public var enableTerminationProtection: Bool?
    public var stackPolicyBody: String?
    public var timeoutInMinutes: Int?
    /// Filled with a fresh UUID when `nil`, so the call can be retried safely.
    public var clientRequestToken: String?

    public init(stackName: String, templateBody: String? = nil, templateURL: String? = nil) {
        self.stackName = stackName
        self.templateBody = templateBody
        self.templateURL = templateURL
    }
}

/// Input of `UpdateStack`.
public struct UpdateStackInput: Encodable, Sendable {
    public var stackName: String
    public var templateBody: String?
    public var templateURL: String?
    public var usePreviousTemplate: Bool?
    public var parameters: [CloudFormationParameter] = []
    public var capabilities: [String] = []
    public var tags: [CloudFormationTag] = []
    public var roleARN: String?
    public var clientRequestToken: String?

    public init(stackName: String, templateBody: String? = nil, templateURL: String? = nil) {
        self.stackName = stackName
        self.templateBody = templateBody
        self.templateURL = templateURL
    }
}

/// Input of `DeleteStack`.
public struct DeleteStackInput: Encodable, Sendable {
    public var stackName: String
    public var retainResources: [String] = []
    public var roleARN: String?
    public var clientRequestToken: String?

    public init(stackName: String) {
        self.stackName = stackName
    }
}

/// Input of `CreateChangeSet`. Always say `changeSetType`: `.create` for a new stack.
public struct CreateChangeSetInput: Encodable, Sendable {
    public var stackName: String
    public var changeSetName: String
    public var changeSetType: ChangeSetType
    public var templateBody: String?
    public var templateURL: String?
    public var usePreviousTemplate: Bool?
    public var parameters: [CloudFormationParameter] = []
    public var capabilities: [String] = []
    public var tags: [CloudFormationTag] = []
    public var roleARN: String?
    public var description: String?
    /// `ROLLBACK`, `DELETE` or `DO_NOTHING` (for `.create` change sets).
    public var onStackFailure: String?
    public var includeNestedStacks: Bool?
    /// Filled with a fresh UUID when `nil`, so the call can be retried safely.
    public var clientToken: String?

    public init(stackName: String, changeSetName: String, changeSetType: ChangeSetType, templateBody: String? = nil, templateURL: String? = nil) {
        self.stackName = stackName
        self.changeSetName = changeSetName
        self.changeSetType = changeSetType
        self.templateBody = templateBody
        self.templateURL = templateURL
    }
}

/// Input of `DescribeChangeSet`.
public struct DescribeChangeSetInput: Encodable, Sendable {
    /// The change set's name (with `stackName`) or ARN.
    public var changeSetName: String
    public var stackName: String?
    public var nextToken: String?
    /// Before and after property values in each change (`beforeContext`/`afterContext`).
    public var includePropertyValues: Bool?

    public init(changeSetName: String, stackName: String? = nil, includePropertyValues: Bool? = nil, nextToken: String? = nil) {
        self.changeSetName = changeSetName
        self.stackName = stackName
        self.includePropertyValues = includePropertyValues
        self.nextToken = nextToken
    }
}

/// Input of `ExecuteChangeSet`: execute by ARN, exactly what was reviewed.
public struct ExecuteChangeSetInput: Encodable, Sendable {
    public var changeSetName: String
    public var stackName: String?
    public var disableRollback: Bool?
    public var clientRequestToken: String?

    public init(changeSetName: String, stackName: String? = nil) {
        self.changeSetName = changeSetName
        self.stackName = stackName
    }
}

/// Input of `ContinueUpdateRollback`, for stacks in `UPDATE_ROLLBACK_FAILED`.
public struct ContinueUpdateRollbackInput: Encodable, Sendable {
    public var stackName: String
    public var resourcesToSkip: [String] = []
    public var roleARN: String?
    public var clientRequestToken: String?

    public init(stackName: String, resourcesToSkip: [String] = []) {
        self.stackName = stackName
        self.resourcesToSkip = resourcesToSkip
    }
}

struct StackNameInput: Encodable {
    var stackName: String?
    var nextToken: String?
}

struct ChangeSetNameInput: Encodable {
    var changeSetName: String
    var stackName: String?
}

struct GetTemplateInput: Encodable {
    var stackName: String
    var changeSetName: String?
    var templateStage: String?
}

struct TemplateBodyInput: Encodable {
    var templateBody: String?
    var templateURL: String?
}

struct TerminationProtectionInput: Encodable {
    var enableTerminationProtection: Bool
    var stackName: String
}

struct StackPolicyInput: Encodable {
    var stackName: String
    var stackPolicyBody: String
}

struct StackResourcesInput: Encodable {
    var stackName: String
    var logicalResourceId: String?
}

struct NextTokenInput: Encodable {
    var nextToken: String?
}
