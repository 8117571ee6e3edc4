import FoundationEssentials

/// `CREATE` for a new stack, `UPDATE` for an existing one, `IMPORT` to adopt resources.
public struct ChangeSetType: RawRepresentable, Codable, Sendable, Hashable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let create = ChangeSetType(rawValue: "CREATE")
    public static let update = ChangeSetType(rawValue: "UPDATE")
    public static let `import` = ChangeSetType(rawValue: "IMPORT")
}

/// A change set's status (`CREATE_COMPLETE`, `FAILED`, …) or execution status (`AVAILABLE`, `OBSOLETE`, …).
public struct ChangeSetStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let createPending = ChangeSetStatus(rawValue: "CREATE_PENDING")
    public static let createInProgress = ChangeSetStatus(rawValue: "CREATE_IN_PROGRESS")
    public static let createComplete = ChangeSetStatus(rawValue: "CREATE_COMPLETE")
    public static let failed = ChangeSetStatus(rawValue: "FAILED")
    public static let available = ChangeSetStatus(rawValue: "AVAILABLE")
    public static let obsolete = ChangeSetStatus(rawValue: "OBSOLETE")
    public static let executeComplete = ChangeSetStatus(rawValue: "EXECUTE_COMPLETE")

    public var description: String { rawValue }
}

/// One page of `DescribeChangeSet`: the change set and some of its changes.
public struct ChangeSetDescription: Decodable, Sendable {
    public var changeSetId: String
    public var changeSetName: String
    public var stackId: String
    public var stackName: String
    public var description: String?
    public var status: ChangeSetStatus
    public var statusReason: String?
    public var executionStatus: ChangeSetStatus?
    public var creationTime: Date?
    public var parameters: [CloudFormationParameter]
    public var capabilities: [String]
    public var tags: [CloudFormationTag]
    public var changes: [ChangeSetChange]
    public var nextToken: String?
}

/// One change of a change set (its `type` is `Resource`).
public struct ChangeSetChange: Decodable, Sendable, Equatable {
    public var type: String?
    public var resourceChange: ResourceChange?
}

/// What will happen to one resource. `replacement` is `True`, `False` or `Conditional`.
public struct ResourceChange: Decodable, Sendable, Equatable {
    public var action: String?
    public var logicalResourceId: String
    public var physicalResourceId: String?
    public var resourceType: String?
    public var replacement: String?
    public var scope: [String]
    public var details: [ResourceChangeDetail]
    /// The resource's properties before and after, as JSON text (with `IncludePropertyValues`).
    public var beforeContext: String?
    public var afterContext: String?
}

/// Why a resource changes: which attribute or property, caused by what, and whether it recreates.
public struct ResourceChangeDetail: Decodable, Sendable, Equatable {
    public struct Target: Decodable, Sendable, Equatable {
        public var attribute: String?
        public var name: String?
        public var requiresRecreation: String?
        public var path: String?
        public var beforeValue: String?
        public var afterValue: String?
        public var attributeChangeType: String?
    }

    public var target: Target?
    public var evaluation: String?
    public var changeSource: String?
    public var causingEntity: String?
}

/// An entry of `ListChangeSets`.
public struct ChangeSetSummary: Decodable, Sendable, Equatable {
    public var changeSetId: String
    public var changeSetName: String
    public var stackId: String?
    public var stackName: String?
    public var status: ChangeSetStatus
    public var statusReason: String?
    public var executionStatus: ChangeSetStatus?
    public var creationTime: Date?
    public var description: String?
}

/// The identifiers `CreateChangeSet` answers with.
public struct CreatedChangeSet: Decodable, Sendable, Equatable {
    public var id: String
    public var stackId: String?
}
