import TenkaiCore

/// A change that deserves a loud warning.
public struct ChangeWarning: Sendable, Hashable, Codable {
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A stateful resource is replaced: a new, empty one takes its place.
        public static let statefulReplacement = Kind(rawValue: "stateful-replacement")
        /// A stateful resource is removed from the stack.
        public static let statefulRemoval = Kind(rawValue: "stateful-removal")
        /// A resource is (or may be) replaced.
        public static let replacement = Kind(rawValue: "replacement")
        /// New IAM permissions or resource-policy grants.
        public static let newPermissions = Kind(rawValue: "new-permissions")
        /// New network ingress.
        public static let newIngress = Kind(rawValue: "new-ingress")
    }

    public var kind: Kind
    public var message: String

    /// Whether production refuses the change unless `--allow-replacement` names the resource.
    public var needsExplicitAllowance: Bool { kind == .statefulReplacement || kind == .statefulRemoval }
}

/// One resource change with where it comes from and what is dangerous about it.
public struct ReviewedChange: Sendable, Hashable {
    public var change: PlannedChange
    /// The component path (`fileshare/data/files`) from the resource's `tenkai:path` metadata.
    public var componentPath: String?
    public var warnings: [ChangeWarning]
}

/// Reviews a change set: marks replacements and removals of stateful resources and security
/// broadening (new policy statements, new ingress rules), comparing the new template with the
/// deployed one.
///
/// ```swift
/// let reviewed = ChangeReview(newTemplate: stack.template, deployedTemplate: deployedJSON).review(changeSet.changes)
/// ```
public struct ChangeReview {
    let newTemplate: Template
    private let newDocument: TemplateDocument
    private let deployedDocument: TemplateDocument?

    /// `deployedTemplate` is the JSON of the running template; `nil` for a stack that does not exist yet.
    public init(newTemplate: Template, deployedTemplate: String?) {
        self.newTemplate = newTemplate
        self.newDocument = TemplateDocument(newTemplate)
        self.deployedDocument = deployedTemplate.flatMap { TemplateDocument(json: $0) }
    }

    public func review(_ changes: [PlannedChange]) -> [ReviewedChange] {
        changes.map { change in
            ReviewedChange(
                change: change,
                componentPath: newTemplate.resources[change.logicalResourceID]?.metadata["tenkai:path"]?.stringValue,
                warnings: warnings(for: change))
        }
    }

    /// A template-level review for a stack that does not exist yet: every resource is an add.
    public func reviewNewStack() -> [ReviewedChange] {
        review(
            newTemplate.resources.keys.sorted().map { id in
                PlannedChange(action: "Add", logicalResourceID: id, resourceType: newTemplate.resources[id]!.type)
            })
    }

    func warnings(for change: PlannedChange) -> [ChangeWarning] {
        var warnings: [ChangeWarning] = []
        let type = change.resourceType
        let id = change.logicalResourceID
        let stateful = ResourceKinds.stateful.contains(type)
        let replaced = change.action == "Modify" && (change.replacement == "True" || change.replacement == "Conditional")
        if replaced {
            let certainty = change.replacement == "True" ? "is replaced" : "may be replaced"
            let cause = change.details.filter { $0.requiresRecreation == "Always" || $0.requiresRecreation == "Conditionally" }
                .compactMap(\.name)
            let because = cause.isEmpty ? "" : " (because of \(cause.joined(separator: ", ")))"
            warnings.append(
                stateful
                    ? ChangeWarning(kind: .statefulReplacement, message: "\(id) (\(type)) \(certainty)\(because): a new, EMPTY resource takes its place and the data of the old one is deleted or orphaned")
                    : ChangeWarning(kind: .replacement, message: "\(id) (\(type)) \(certainty)\(because)"))
        }
        if change.action == "Remove" && stateful {
            warnings.append(ChangeWarning(kind: .statefulRemoval, message: "\(id) (\(type)) is REMOVED from the stack: its data is deleted unless its DeletionPolicy retains it"))
        }
        if change.action == "Add" || change.action == "Modify" {
            if let properties = ResourceKinds.permissionProperties[type] {
                for grant in newGrants(of: id, properties: properties) {
                    warnings.append(ChangeWarning(kind: .newPermissions, message: "\(id) (\(type)) grants: \(grant)"))
                }
            }
            if let properties = ResourceKinds.ingressProperties[type] {
                for grant in newGrants(of: id, properties: properties) {
                    warnings.append(ChangeWarning(kind: .newIngress, message: "\(id) (\(type)) opens ingress: \(grant)"))
                }
            }
        }
        return warnings
    }

    /// What the new template grants that the deployed one did not.
    private func newGrants(of id: String, properties: [String]) -> [String] {
        let before = Set(deployedDocument?.grants(of: id, properties: properties) ?? [])
        var seen: Set<String> = []
        return newDocument.grants(of: id, properties: properties).filter { !before.contains($0) && seen.insert($0).inserted }
    }
}
