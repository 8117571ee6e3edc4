import FoundationEssentials

/// The Auto Scaling calls a release of app servers needs: read a group (its launch template
/// version, sizes and instances) and point it at another version or size.
///
/// ```swift
/// let groups = AutoScaling(aws)
/// try await groups.updateGroup("web-green", launchTemplate: .init(id: "lt-0abc", version: "7"), minSize: 2, desiredCapacity: 2)
/// ```
public struct AutoScaling: Sendable {
    public let session: AWSSession
    private let service = AWSService.autoScaling

    public init(_ session: AWSSession) {
        self.session = session
    }

    /// The groups named (all of them with no names); a missing name is simply absent.
    public func describeGroups(_ names: [String]) async throws -> [AutoScalingGroup] {
        var groups: [AutoScalingGroup] = []
        var token: String?
        repeat {
            let page = try await session.query(
                service, "DescribeAutoScalingGroups", DescribeGroupsInput(autoScalingGroupNames: names, nextToken: token), as: GroupsPage.self)
            groups += page.autoScalingGroups
            token = page.nextToken
        } while token != nil
        return groups
    }

    /// Changes a group's launch template version and sizes (fields left `nil` keep their value).
    /// Idempotent: the same call twice sets the same state.
    public func updateGroup(
        _ name: String, launchTemplate: AutoScalingGroup.LaunchTemplate? = nil, minSize: Int? = nil, maxSize: Int? = nil,
        desiredCapacity: Int? = nil
    ) async throws {
        _ = try await session.query(
            service, "UpdateAutoScalingGroup",
            UpdateGroupInput(
                autoScalingGroupName: name,
                launchTemplate: launchTemplate.map { .init(launchTemplateId: $0.launchTemplateId, version: $0.version) },
                minSize: minSize, maxSize: maxSize, desiredCapacity: desiredCapacity),
            as: Nothing.self)
    }
}

/// An Auto Scaling group as `DescribeAutoScalingGroups` answers it.
public struct AutoScalingGroup: Decodable, Sendable, Equatable {
    public struct LaunchTemplate: Codable, Sendable, Equatable {
        public var launchTemplateId: String?
        public var launchTemplateName: String?
        /// A number, `$Latest` or `$Default`.
        public var version: String?

        public init(id: String, version: String) {
            self.launchTemplateId = id
            self.version = version
        }
    }

    public struct Instance: Decodable, Sendable, Equatable {
        public var instanceId: String
        /// `Pending`, `InService`, `Terminating`, …
        public var lifecycleState: String?
        /// `Healthy` or `Unhealthy`.
        public var healthStatus: String?
        public var launchTemplate: LaunchTemplate?
    }

    public var autoScalingGroupName: String
    public var minSize: Int
    public var maxSize: Int
    public var desiredCapacity: Int
    public var launchTemplate: LaunchTemplate?
    public var instances: [Instance]
    public var targetGroupARNs: [String]
}

private struct DescribeGroupsInput: Encodable {
    var autoScalingGroupNames: [String]
    var nextToken: String?
}

private struct UpdateGroupInput: Encodable {
    struct Template: Encodable {
        var launchTemplateId: String?
        var version: String?
    }
    var autoScalingGroupName: String
    var launchTemplate: Template?
    var minSize: Int?
    var maxSize: Int?
    var desiredCapacity: Int?
}

private struct GroupsPage: Decodable {
    var autoScalingGroups: [AutoScalingGroup]
    var nextToken: String?
}
