import FoundationEssentials

/// An ECS service with its deployments.
public struct ECSService: Decodable, Sendable, Equatable {
    public var serviceArn: String
    public var serviceName: String
    public var clusterArn: String?
    public var status: String?
    public var taskDefinition: String?
    public var desiredCount: Int?
    public var runningCount: Int?
    public var pendingCount: Int?
    public var deployments: [Deployment]?
    public var launchType: String?
    public var capacityProviderStrategy: AnyJSON?
    public var networkConfiguration: AnyJSON?
    public var loadBalancers: [ServiceLoadBalancer]?
    public var healthCheckGracePeriodSeconds: Int?
}

/// One deployment of a service (`PRIMARY` is the newest).
public struct Deployment: Decodable, Sendable, Equatable {
    public var id: String?
    public var status: String?
    public var taskDefinition: String?
    public var desiredCount: Int?
    public var runningCount: Int?
    public var rolloutState: String?
    public var rolloutStateReason: String?
}

/// An ARN ECS could not describe, and why.
public struct ECSFailure: Decodable, Sendable, Equatable {
    public var arn: String?
    public var reason: String?
}

/// The services found and the names ECS could not find.
public struct DescribeServicesOutput: Decodable, Sendable {
    public var services: [ECSService]
    public var failures: [ECSFailure]?
}

/// The tasks found and the ARNs ECS could not find.
public struct DescribeTasksOutput: Decodable, Sendable {
    public var tasks: [ECSTask]
    public var failures: [ECSFailure]?
}

/// A running (or stopped) task.
public struct ECSTask: Decodable, Sendable, Equatable {
    public var taskArn: String
    public var taskDefinitionArn: String?
    public var lastStatus: String?
    public var desiredStatus: String?
    public var healthStatus: String?
    public var stoppedReason: String?
    /// Why the task stopped, in ECS's words (`EssentialContainerExited`, `TaskFailedToStart`, …).
    public var stopCode: String?
    public var containers: [ECSContainer]?
}

/// One container of a task; a stopped one has its exit code.
public struct ECSContainer: Decodable, Sendable, Equatable {
    public var name: String
    public var lastStatus: String?
    public var exitCode: Int?
    public var reason: String?
}

/// A registered task definition revision.
public struct TaskDefinition: Decodable, Sendable, Equatable {
    public var taskDefinitionArn: String
    public var family: String
    public var revision: Int
    public var status: String?
}

/// Input of `RegisterTaskDefinition`.
public struct TaskDefinitionInput: Encodable, Sendable {
    public var family: String
    public var containerDefinitions: [ContainerDefinition]
    public var taskRoleArn: String?
    public var executionRoleArn: String?
    public var networkMode: String?
    public var requiresCompatibilities: [String]?
    public var cpu: String?
    public var memory: String?

    public init(family: String, containerDefinitions: [ContainerDefinition]) {
        self.family = family
        self.containerDefinitions = containerDefinitions
    }
}

/// One container of a task definition.
public struct ContainerDefinition: Codable, Sendable, Equatable {
    public struct PortMapping: Codable, Sendable, Equatable {
        public var containerPort: Int
        public var hostPort: Int?
        public var `protocol`: String?

        public init(containerPort: Int, hostPort: Int? = nil, protocol: String? = nil) {
            self.containerPort = containerPort
            self.hostPort = hostPort
            self.protocol = `protocol`
        }
    }

    public struct NameValue: Codable, Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A secret injected from Secrets Manager or SSM (`valueFrom` is its ARN), never plain text.
    public struct Secret: Codable, Sendable, Equatable {
        public var name: String
        public var valueFrom: String

        public init(name: String, valueFrom: String) {
            self.name = name
            self.valueFrom = valueFrom
        }
    }

    public struct LogConfiguration: Codable, Sendable, Equatable {
        public var logDriver: String
        public var options: [String: String]?

        public init(logDriver: String, options: [String: String]? = nil) {
            self.logDriver = logDriver
            self.options = options
        }
    }

    public var name: String
    public var image: String
    public var essential: Bool?
    public var cpu: Int?
    public var memory: Int?
    public var portMappings: [PortMapping]?
    public var environment: [NameValue]?
    public var secrets: [Secret]?
    public var logConfiguration: LogConfiguration?

    public init(name: String, image: String, essential: Bool? = true) {
        self.name = name
        self.image = image
        self.essential = essential
    }
}
