/// What `CreateChangeSet` is asked for.
public struct ChangeSetRequest: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case create = "CREATE", update = "UPDATE" }

    public var stackName: String
    public var changeSetName: String
    /// Always sent: emulators default a missing type to `CREATE`.
    public var kind: Kind
    /// Exactly one of `templateBody` and `templateURL` is set.
    public var templateBody: String?
    public var templateURL: String?
    public var parameters: [String: String]
    public var tags: [String: String]
    public var capabilities: [String]
    /// Makes a retried call return the first call's change set instead of failing.
    public var clientToken: String
    public var description: String?
    /// Template parameters sent as `UsePreviousValue`: deploy does not set them and the stack
    /// has them (a released image), so a deploy never reverts them.
    public var keptParameters: [String] = []

    public init(
        stackName: String, changeSetName: String, kind: Kind, templateBody: String? = nil, templateURL: String? = nil,
        parameters: [String: String] = [:], tags: [String: String] = [:],
        capabilities: [String] = ChangeSetRequest.allCapabilities, clientToken: String, description: String? = nil
    ) {
        self.stackName = stackName
        self.changeSetName = changeSetName
        self.kind = kind
        self.templateBody = templateBody
        self.templateURL = templateURL
        self.parameters = parameters
        self.tags = tags
        self.capabilities = capabilities
        self.clientToken = clientToken
        self.description = description
    }

    /// Tenkai's templates name IAM resources and may use transforms; the review happens in `diff`.
    public static let allCapabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
}

/// What `DescribeChangeSet` says, with the changes of every page.
public struct DescribedChangeSet: Sendable, Hashable {
    public var arn: String
    public var name: String
    public var stackID: String?
    /// `CREATE_PENDING`, `CREATE_IN_PROGRESS`, `CREATE_COMPLETE`, `FAILED`, `DELETE_*`.
    public var status: String
    public var statusReason: String?
    /// `AVAILABLE`, `UNAVAILABLE`, `OBSOLETE`, `EXECUTE_*`.
    public var executionStatus: String?
    public var changes: [PlannedChange]

    public init(
        arn: String, name: String, stackID: String? = nil, status: String, statusReason: String? = nil,
        executionStatus: String? = nil, changes: [PlannedChange] = []
    ) {
        self.arn = arn
        self.name = name
        self.stackID = stackID
        self.status = status
        self.statusReason = statusReason
        self.executionStatus = executionStatus
        self.changes = changes
    }

    public var isPending: Bool { status == "CREATE_PENDING" || status == "CREATE_IN_PROGRESS" }
}

/// One resource change of a change set (`Changes[].PlannedChange`).
public struct PlannedChange: Sendable, Hashable, Codable {
    /// `Add`, `Modify`, `Remove`, `Import`, `Dynamic`.
    public var action: String
    public var logicalResourceID: String
    public var physicalResourceID: String?
    public var resourceType: String
    /// `True`, `False`, `Conditional`; `nil` for adds and removals (and on emulators that omit it).
    public var replacement: String?
    /// `Properties`, `Metadata`, `Tags`, …
    public var scope: [String]
    public var details: [ChangeDetail]

    public init(
        action: String, logicalResourceID: String, physicalResourceID: String? = nil, resourceType: String,
        replacement: String? = nil, scope: [String] = [], details: [ChangeDetail] = []
    ) {
        self.action = action
        self.logicalResourceID = logicalResourceID
        self.physicalResourceID = physicalResourceID
        self.resourceType = resourceType
        self.replacement = replacement
        self.scope = scope
        self.details = details
    }
}

/// Why a resource changes: one attribute or property (`Changes[].PlannedChange.Details[]`).
public struct ChangeDetail: Sendable, Hashable, Codable {
    /// `Properties`, `Tags`, `Metadata`, …
    public var attribute: String
    /// The property name, for `Properties`.
    public var name: String?
    /// `Never`, `Conditionally`, `Always`.
    public var requiresRecreation: String?
    /// The property's value before and after, where CloudFormation gives them (`IncludePropertyValues`).
    public var beforeValue: String?
    public var afterValue: String?

    public init(attribute: String, name: String? = nil, requiresRecreation: String? = nil, beforeValue: String? = nil, afterValue: String? = nil) {
        self.attribute = attribute
        self.name = name
        self.requiresRecreation = requiresRecreation
        self.beforeValue = beforeValue
        self.afterValue = afterValue
    }
}

/// What `CreateStack` or `UpdateStack` is asked for when deploying without a change set.
public struct StackRequest: Sendable, Hashable {
    public var stackName: String
    public var templateBody: String?
    public var templateURL: String?
    public var parameters: [String: String]
    public var tags: [String: String]
    public var capabilities: [String]
    public var clientRequestToken: String
    /// Sent as `UsePreviousValue` (see ``ChangeSetRequest/keptParameters``).
    public var keptParameters: [String] = []

    public init(
        stackName: String, templateBody: String?, templateURL: String?, parameters: [String: String], tags: [String: String],
        capabilities: [String] = ChangeSetRequest.allCapabilities, clientRequestToken: String
    ) {
        self.stackName = stackName
        self.templateBody = templateBody
        self.templateURL = templateURL
        self.parameters = parameters
        self.tags = tags
        self.capabilities = capabilities
        self.clientRequestToken = clientRequestToken
    }
}
