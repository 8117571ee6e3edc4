/// Everything a release needs to know about where the service runs, as plain values: filled from
/// the deployed stacks' outputs (``ReleaseTarget/fromOutputs(system:environment:service:outputs:)``)
/// or, later, from the cloud assembly's component tree.
///
/// The two *slots* are the blue and green target groups, each with its ECS service; whichever
/// slot the listener sends traffic to is serving, and a release fills the other one.
public struct ReleaseTarget: Sendable, Hashable, Codable {
    /// One half of a blue/green pair: an ECS service (or, for app servers, an Auto Scaling
    /// group) registered in one target group.
    public struct Slot: Sendable, Hashable, Codable {
        public var color: String
        /// The ECS service, or the Auto Scaling group of app servers.
        public var serviceName: String
        public var targetGroupArn: String

        public init(color: String, serviceName: String, targetGroupArn: String) {
            self.color = color
            self.serviceName = serviceName
            self.targetGroupArn = targetGroupArn
        }
    }

    public var system: String
    public var environment: String
    /// The service's component name (`web`).
    public var service: String
    public var region: String
    public var cluster: String
    /// The service the stack declares (registered in the blue target group).
    public var blue: Slot
    /// The service a release creates next to it, in the green target group.
    public var green: Slot
    public var listenerArn: String
    /// The container whose image a release replaces, and its port in the target groups.
    public var containerName: String
    public var containerPort: Int
    /// Alarms that roll a bake back when they fire.
    public var alarmNames: [String]
    /// Run once with the new task definition before green starts (`nil`: no migrations).
    public var migrationCommand: [String]?
    /// CloudFormation stacks that must be stable before a release starts.
    public var stackNames: [String]
    /// The stack and parameter that hold the released image, so deploys keep it.
    public var imageStack: String?
    public var imageParameter: String?
    /// The listener rule whose weights move traffic (`nil`: the listener's default action).
    public var ruleArn: String?
    /// Set for app servers on EC2 (``AppServers``): the slots are Auto Scaling groups and a
    /// release adds a version to this launch template.
    public var launchTemplateID: String?
    /// ECS drives the blue/green itself (`Service.ecsManagedDeployment`): a release sets the
    /// stack's image parameter (CloudFormation updates the service) and follows the stack and
    /// ECS's deployment instead of moving weights.
    public var ecsManaged = false
    /// The container the migration runs in (`nil`: ``containerName``).
    public var migrationContainer: String?
    /// The service's other containers whose images a release can set (`--image gateway=REF`),
    /// container name → stack parameter (``ReleaseOutputs/imageParameters(of:)``); `nil` when
    /// the service has none or its stack predates the output.
    public var containerImageParameters: [String: String]?

    public init(
        system: String, environment: String, service: String, region: String, cluster: String, blue: Slot, green: Slot,
        listenerArn: String, containerName: String, containerPort: Int, alarmNames: [String] = [], migrationCommand: [String]? = nil,
        stackNames: [String] = [], imageStack: String? = nil, imageParameter: String? = nil, ruleArn: String? = nil,
        launchTemplateID: String? = nil
    ) {
        self.system = system
        self.environment = environment
        self.service = service
        self.region = region
        self.cluster = cluster
        self.blue = blue
        self.green = green
        self.listenerArn = listenerArn
        self.containerName = containerName
        self.containerPort = containerPort
        self.alarmNames = alarmNames
        self.migrationCommand = migrationCommand
        self.stackNames = stackNames
        self.imageStack = imageStack
        self.imageParameter = imageParameter
        self.ruleArn = ruleArn
        self.launchTemplateID = launchTemplateID
    }

    /// Whether the slots are Auto Scaling groups of app servers rather than ECS services.
    public var isAppServers: Bool { launchTemplateID != nil }

    /// The ECS service name of the stack's service (the blue slot's).
    public var serviceName: String { blue.serviceName }
    public var componentPath: String { "\(system)/\(service)" }
    /// Where this service's lock, state and records live in the bootstrap bucket.
    public var keyPrefix: String { "releases/\(system)/\(environment)/\(service)/" }

    public func slot(forTargetGroup arn: String) -> Slot? {
        [blue, green].first { $0.targetGroupArn == arn }
    }

    public func other(_ slot: Slot) -> Slot { slot == blue ? green : blue }
}
