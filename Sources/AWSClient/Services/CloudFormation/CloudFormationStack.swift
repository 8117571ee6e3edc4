import FoundationEssentials

/// A stack as `DescribeStacks` reports it.
public struct CloudFormationStack: Decodable, Sendable, Equatable {
    public var stackId: String
    public var stackName: String
    public var stackStatus: StackStatus
    public var stackStatusReason: String?
    public var description: String?
    public var creationTime: Date
    public var lastUpdatedTime: Date?
    public var parameters: [CloudFormationParameter]
    public var outputs: [CloudFormationOutput]
    public var tags: [CloudFormationTag]
    public var capabilities: [String]
    public var enableTerminationProtection: Bool?
    public var changeSetId: String?
    public var roleARN: String?
}

/// A stack status (`CREATE_COMPLETE`, `UPDATE_ROLLBACK_FAILED`, …). A string type rather than an
/// enum, so a status AWS adds later still decodes.
public struct StackStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let createComplete = StackStatus(rawValue: "CREATE_COMPLETE")
    public static let createFailed = StackStatus(rawValue: "CREATE_FAILED")
    public static let rollbackComplete = StackStatus(rawValue: "ROLLBACK_COMPLETE")
    public static let rollbackFailed = StackStatus(rawValue: "ROLLBACK_FAILED")
    public static let updateComplete = StackStatus(rawValue: "UPDATE_COMPLETE")
    public static let updateRollbackComplete = StackStatus(rawValue: "UPDATE_ROLLBACK_COMPLETE")
    public static let updateRollbackFailed = StackStatus(rawValue: "UPDATE_ROLLBACK_FAILED")
    public static let deleteComplete = StackStatus(rawValue: "DELETE_COMPLETE")
    public static let deleteFailed = StackStatus(rawValue: "DELETE_FAILED")
    public static let reviewInProgress = StackStatus(rawValue: "REVIEW_IN_PROGRESS")

    /// An operation is running; nothing else may start.
    public var isInProgress: Bool { rawValue.hasSuffix("_IN_PROGRESS") }
    public var description: String { rawValue }
}

/// A template parameter's value, or `usePreviousValue` to keep the deployed one.
public struct CloudFormationParameter: Codable, Sendable, Equatable {
    public var parameterKey: String
    public var parameterValue: String?
    public var usePreviousValue: Bool?

    public init(parameterKey: String, parameterValue: String? = nil, usePreviousValue: Bool? = nil) {
        self.parameterKey = parameterKey
        self.parameterValue = parameterValue
        self.usePreviousValue = usePreviousValue
    }
}

/// A stack output, with its export name when exported.
public struct CloudFormationOutput: Decodable, Sendable, Equatable {
    public var outputKey: String
    public var outputValue: String?
    public var description: String?
    public var exportName: String?
}

/// A tag CloudFormation puts on the stack and its resources.
public struct CloudFormationTag: Codable, Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// One page of `DescribeStacks`.
public struct DescribeStacksOutput: Decodable, Sendable {
    public var stacks: [CloudFormationStack]
    public var nextToken: String?
}

/// An export of `ListExports`.
public struct CloudFormationExport: Decodable, Sendable, Equatable {
    public var exportingStackId: String
    public var name: String
    public var value: String
}

/// What `ValidateTemplate` learned from a template.
public struct TemplateValidation: Decodable, Sendable {
    public struct Parameter: Decodable, Sendable, Equatable {
        public var parameterKey: String
        public var defaultValue: String?
        public var noEcho: Bool?
        public var description: String?
    }

    public var parameters: [Parameter]
    public var capabilities: [String]
    public var capabilitiesReason: String?
    public var description: String?
}
