import AWSClient
import FoundationEssentials

/// Finds resources tagged by Tenkai that no stack owns any more: kept by a `Retain` deletion
/// policy after their stack went, or left behind by a failed delete. Each costs money and is in
/// no template, so nothing else would ever remove it.
///
/// A resource names its stack by CloudFormation's `aws:cloudformation:stack-name` tag, or else by
/// Tenkai's own tags (`<system>-<environment>-<stack>`); it is an orphan when that stack does not
/// exist or has no resource whose physical ID the resource's ARN ends with.
public struct OrphanFinder: Sendable {
    public struct Orphan: Sendable, Hashable {
        public var arn: String
        public var stackName: String
        public var reason: String
    }

    public let tagging: ResourceGroupsTagging
    public let cloudFormation: any CloudFormationAPI

    public init(tagging: ResourceGroupsTagging, cloudFormation: any CloudFormationAPI) {
        self.tagging = tagging
        self.cloudFormation = cloudFormation
    }

    public func find(environment: String) async throws -> [Orphan] {
        let tagged = try await tagging.resources(taggedWith: ["managed-by": "tenkai", "tenkai:environment": environment])
        var physicalIDs: [String: [String]?] = [:]
        var orphans: [Orphan] = []
        for resource in tagged.sorted(by: { $0.arn < $1.arn }) {
            guard let stackName = resource.tags["aws:cloudformation:stack-name"] ?? Self.stackName(from: resource.tags) else { continue }
            if physicalIDs.index(forKey: stackName) == nil { physicalIDs[stackName] = .some(try await resources(of: stackName)) }
            guard let owned = physicalIDs[stackName] ?? nil else {
                orphans.append(Orphan(arn: resource.arn, stackName: stackName, reason: "stack \(stackName) no longer exists"))
                continue
            }
            if !owned.contains(where: { Self.arn(resource.arn, names: $0) }) {
                orphans.append(Orphan(arn: resource.arn, stackName: stackName, reason: "stack \(stackName) does not own it"))
            }
        }
        return orphans
    }

    private func resources(of stackName: String) async throws -> [String]? {
        guard let stack = try await cloudFormation.describeStack(named: stackName), !stack.status.isDeleted else { return nil }
        return try await cloudFormation.describeStackResources(stackName: stackName).compactMap(\.physicalResourceID)
    }

    static func stackName(from tags: [String: String]) -> String? {
        guard let system = tags["tenkai:system"], let environment = tags["tenkai:environment"], let stack = tags["tenkai:stack"] else { return nil }
        return "\(system)-\(environment)-\(stack)"
    }

    /// Whether an ARN names the resource with this physical ID (a bucket name, a queue URL's
    /// name, a full ARN).
    static func arn(_ arn: String, names physicalID: String) -> Bool {
        guard !physicalID.isEmpty else { return false }
        if arn == physicalID { return true }
        let id = physicalID.split(separator: "/").last.map(String.init) ?? physicalID
        return arn.hasSuffix(":" + id) || arn.hasSuffix("/" + id)
    }
}
