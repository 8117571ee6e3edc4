import FoundationEssentials

/// The ECS calls a release makes besides pointing a service at a task definition: copy a task
/// definition with a new image, create the green service, and run one-off tasks (migrations).
extension ECS {
    /// A task definition as ECS describes it, every field kept.
    public func describeTaskDefinition(_ taskDefinition: String) async throws -> AnyJSON {
        struct Input: Encodable { var taskDefinition: String }
        struct Output: Decodable { var taskDefinition: AnyJSON }
        return try await session.json(.ecs, "DescribeTaskDefinition", Input(taskDefinition: taskDefinition), as: Output.self).taskDefinition
    }

    /// Registers `described` (as ``describeTaskDefinition(_:)`` returned it, perhaps changed) as a
    /// new revision; fields ECS sets itself are dropped first.
    public func registerTaskDefinition(copying described: AnyJSON) async throws -> TaskDefinition {
        guard case .object(var fields) = described else { throw ConfigurationError("a task definition must be a JSON object") }
        for key in [
            "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt", "registeredBy",
            "deregisteredAt",
        ] {
            fields[key] = nil
        }
        struct Output: Decodable { var taskDefinition: TaskDefinition }
        return try await session.json(.ecs, "RegisterTaskDefinition", AnyJSON.object(fields), isRetrySafe: false, as: Output.self)
            .taskDefinition
    }

    /// Creates a service (the same `clientToken` twice creates it once).
    @discardableResult
    public func createService(_ input: CreateServiceInput) async throws -> ECSService {
        struct Output: Decodable { var service: ECSService }
        return try await session.json(.ecs, "CreateService", input, as: Output.self).service
    }

    /// Starts tasks once, outside any service (a migration); answers the tasks it started.
    public func runTask(_ input: RunTaskInput) async throws -> RunTaskOutput {
        try await session.json(.ecs, "RunTask", input, isRetrySafe: false, as: RunTaskOutput.self)
    }
}

/// Input of `CreateService`; network and capacity settings are copied from another service as they are.
public struct CreateServiceInput: Encodable, Sendable {
    public var cluster: String
    public var serviceName: String
    public var taskDefinition: String
    public var desiredCount: Int
    public var launchType: String?
    public var capacityProviderStrategy: AnyJSON?
    public var networkConfiguration: AnyJSON?
    public var loadBalancers: [ServiceLoadBalancer]?
    public var healthCheckGracePeriodSeconds: Int?
    public var clientToken: String?

    public init(cluster: String, serviceName: String, taskDefinition: String, desiredCount: Int) {
        self.cluster = cluster
        self.serviceName = serviceName
        self.taskDefinition = taskDefinition
        self.desiredCount = desiredCount
    }
}

/// A target group a service's container registers in.
public struct ServiceLoadBalancer: Codable, Sendable, Equatable {
    public var targetGroupArn: String?
    public var containerName: String?
    public var containerPort: Int?

    public init(targetGroupArn: String, containerName: String, containerPort: Int) {
        self.targetGroupArn = targetGroupArn
        self.containerName = containerName
        self.containerPort = containerPort
    }
}

/// Input of `RunTask`: one task of a task definition, its command perhaps overridden.
public struct RunTaskInput: Encodable, Sendable {
    public struct Overrides: Encodable, Sendable {
        public struct ContainerOverride: Encodable, Sendable {
            public var name: String
            public var command: [String]?
        }
        public var containerOverrides: [ContainerOverride]
    }

    public var cluster: String
    public var taskDefinition: String
    public var count = 1
    public var launchType: String?
    public var capacityProviderStrategy: AnyJSON?
    public var networkConfiguration: AnyJSON?
    public var overrides: Overrides?
    public var startedBy: String?

    public init(cluster: String, taskDefinition: String) {
        self.cluster = cluster
        self.taskDefinition = taskDefinition
    }

    /// Runs `command` in container `name` instead of its own.
    public mutating func override(container name: String, command: [String]) {
        overrides = Overrides(containerOverrides: [.init(name: name, command: command)])
    }
}

/// The tasks `RunTask` started, and what it could not place.
public struct RunTaskOutput: Decodable, Sendable {
    public var tasks: [ECSTask]
    public var failures: [ECSFailure]?
}
