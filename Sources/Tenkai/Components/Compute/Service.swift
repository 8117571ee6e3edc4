import TenkaiCore

/// An ECS Fargate service: cluster, task definition, service, log group, roles, autoscaling.
///
/// Defaults: 0.25 vCPU / 512 MiB and one task (``size(_:)`` reads `"cpu/memory"` such as
/// `"512/1024"` from the environment); tasks in the private subnets, no public IP, in a
/// security group that admits nothing until a load balancer or ``connecting(to:)`` opens it;
/// on-demand Fargate (``capacity(_:)`` `.spot` for non-production); no tracing sidecar unless
/// the app is instrumented (``tracing(_:)``);
/// logs kept 30 days; rolling deploys with a circuit breaker that rolls back; an execution role
/// that may pull exactly its images, write exactly its log group and read exactly its secrets;
/// a task role holding only the grants given to the service and its containers (``Grantee``).
///
/// A task may hold several containers with start-order dependencies (``StartAfter``) and
/// non-essential sidecars.
///
/// ```swift
/// let web = Service("web", in: net) {
///     Container("app", image: .repository(images)) {
///         Port(8080, health: "/healthz")
///         Secret("DATABASE_PASSWORD", db.masterPassword)
///     }
///     .environment("FILES_BUCKET", files.bucketName)
/// }
/// .granting(.readWrite, on: files)
/// .size(settings.webSize)
/// .scaling(min: settings.webTasks, max: settings.webTasksMax)
/// .capacity(settings.fargateSpot ? .spot : .onDemand)
/// .connecting(to: db)
/// ```
public struct Service: EscapeHatching, Grantee {
    /// Which Fargate capacity runs the tasks.
    public enum Capacity: Sendable, Hashable {
        case onDemand
        /// Fargate Spot: up to 70 % cheaper, tasks may be stopped with two minutes' notice.
        case spot
    }

    /// How traces leave the task.
    public enum Tracing: Sendable, Hashable {
        case none
        /// The AWS X-Ray daemon as a sidecar (UDP 2000).
        case xray
        /// The AWS Distro for OpenTelemetry collector as a sidecar (OTLP on 4317/4318).
        case openTelemetry
    }

    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Service" }
    public internal(set) var vpcID: Reference
    public internal(set) var subnets: [Reference]
    public internal(set) var containers: [Container]
    public internal(set) var cpu = 256
    public internal(set) var memory = 512
    public internal(set) var sizeText: String?
    public internal(set) var desiredCount = 1
    public internal(set) var minimumCount: Int?
    public internal(set) var maximumCount: Int?
    public internal(set) var targetCPUPercent = 60
    public internal(set) var capacity = Capacity.onDemand
    /// No sidecar by default: a collector only helps when the app sends it traces.
    public internal(set) var tracing = Tracing.none
    public internal(set) var logRetentionDays = 30
    public internal(set) var connections: [any Connectable] = []
    /// Grants of the whole task, besides those its containers declare.
    public var grants: [Grant] = []
    /// Another service's cluster to run in, instead of a cluster of its own.
    public internal(set) var sharedCluster: Reference?
    public internal(set) var architecture = "X86_64"
    /// ECS's own blue/green, canary or linear deployment (``ecsManagedDeployment(_:bakeMinutes:alarms:)``);
    /// `nil`: rolling deploys, releases driven by `tenkai release`.
    public internal(set) var ecsDeployment: ECSManagedDeployment?
    /// Run once per release before green starts (``migrations(_:container:)``).
    public internal(set) var migrationCommand: [String]?
    /// The container whose command the migration task overrides (`nil`: the released one).
    public internal(set) var migrationContainer: String?

    public init(_ name: String, in network: Network, @ListBuilder<Container> containers: () -> [Container]) {
        self.name = name
        self.vpcID = network.vpcID
        self.subnets = network.privateSubnets
        self.containers = containers()
    }

    // MARK: - References

    public var cluster: Reference { sharedCluster ?? parts.cluster.reference(.name) }
    /// The service's name (`Fn::GetAtt Name`), as CloudWatch dimensions want it.
    public var serviceName: Reference { attribute("Name", .name) }
    public var securityGroupID: Reference { parts.securityGroup.attribute("GroupId", .id) }
    public var taskRole: Reference { parts.taskRole.attribute("Arn", .arn) }

    // MARK: - Resources

    /// The service's resources besides the ECS service itself, each named here once.
    struct Parts {
        let service: Service
        var cluster: ResourceID { service.part("Cluster") }
        var logGroup: ResourceID { service.part("LogGroup") }
        var securityGroup: ResourceID { service.part("SecurityGroup") }
        var executionRole: ResourceID { service.part("ExecutionRole") }
        var taskRole: ResourceID { service.part("TaskRole") }
        var taskDefinition: ResourceID { service.part("TaskDefinition") }
        var scalableTarget: ResourceID { service.part("ScalableTarget") }
        var cpuScaling: ResourceID { service.part("CpuScaling") }
    }

    var parts: Parts { Parts(service: self) }

    // MARK: - Modifiers

    /// Task size as `"cpu/memory"` (`"512/1024"`): Fargate's CPU units and MiB.
    public func size(_ text: String) -> Service { with { $0.sizeText = text } }
    public func size(cpu: Int, memory: Int) -> Service { with { $0.cpu = cpu; $0.memory = memory; $0.sizeText = nil } }
    /// A fixed number of tasks.
    public func count(_ count: Int) -> Service { with { $0.desiredCount = count; $0.minimumCount = nil; $0.maximumCount = nil } }
    /// Target-tracking autoscaling on CPU between `min` and `max` tasks.
    public func scaling(min: Int, max: Int, targetCPU: Int = 60) -> Service {
        with { $0.desiredCount = min; $0.minimumCount = min; $0.maximumCount = max; $0.targetCPUPercent = targetCPU }
    }
    public func capacity(_ capacity: Capacity) -> Service { with { $0.capacity = capacity } }
    public func tracing(_ tracing: Tracing) -> Service { with { $0.tracing = tracing } }
    public func logRetention(days: Int) -> Service { with { $0.logRetentionDays = days } }
    /// Opens `target`'s security group to this service's tasks on its port.
    public func connecting(to target: any Connectable) -> Service { with { $0.connections.append(target) } }
    /// Runs in `other`'s cluster.
    public func sharingCluster(of other: Service) -> Service { with { $0.sharedCluster = other.cluster } }
    /// `ARM64` (Graviton, cheaper) or `X86_64`.
    public func architecture(_ name: String) -> Service { with { $0.architecture = name } }

    // MARK: - Translation

    public func translate(into stack: inout StackContext) {
        // A wrong size is reported, then translated at the smallest size anyway: the service's
        // resources exist, so what refers to them does not fail too and bury the real error.
        let (cpu, memory) = parsedSize(&stack) ?? (256, 512)
        guard checkContainers(&stack), checkDatabaseLogins(&stack), LogRetention.check(logRetentionDays, in: &stack) else { return }
        if sharedCluster == nil {
            stack.add(parts.cluster, Resource(type: "AWS::ECS::Cluster", properties: [
                "ClusterName": .string(stack.resourceName(name)),
                "ClusterSettings": [["Name": "containerInsights", "Value": "enabled"]],
                "CapacityProviders": ["FARGATE", "FARGATE_SPOT"],
            ]))
        }
        stack.add(parts.logGroup, LogRetention.logGroup([
            "LogGroupName": .string("/tenkai/\(stack.resourceName(name))"),
            "RetentionInDays": .int(logRetentionDays),
        ], in: stack))
        stack.add(parts.securityGroup, Resource(type: "AWS::EC2::SecurityGroup", properties: [
            "GroupDescription": .string("Tasks of \(stack.resourceName(name))"),
            "VpcId": vpcID.value,
            "SecurityGroupEgress": [["IpProtocol": "-1", "CidrIp": "0.0.0.0/0", "Description": "AWS APIs, through NAT and endpoints"]],
        ]))
        for target in connections {
            stack.add(part("To\(target.logicalID)Ingress"), Resource(
                type: "AWS::EC2::SecurityGroupIngress",
                properties: [
                    "GroupId": target.securityGroupID.value, "SourceSecurityGroupId": parts.securityGroup.getAtt("GroupId"),
                    "IpProtocol": "tcp", "FromPort": .int(target.port), "ToPort": .int(target.port),
                    "Description": .string("from service \(name)"),
                ]))
        }
        stack.add(parts.executionRole, IAMPolicy.role(
            for: "ecs-tasks.amazonaws.com", policyName: "start-tasks", statements: executionStatements()))
        stack.add(parts.taskRole, IAMPolicy.role(
            for: "ecs-tasks.amazonaws.com", policyName: "task-permissions", statements: taskStatements(stack)))
        addTaskDefinition(cpu: cpu, memory: memory, in: &stack)
        addService(in: &stack)
        addScaling(in: &stack)
        addReleaseOutputs(in: &stack)
    }

    /// The task's CPU units and memory, from ``size(_:)`` text or ``size(cpu:memory:)``, checked
    /// against what Fargate offers: memory within the range its CPU size allows, in its steps
    /// (1 GiB up to 4 vCPU, 4 GiB for 8 vCPU, 8 GiB for 16 vCPU; 0.25 vCPU takes 512, 1024 or 2048).
    private func parsedSize(_ stack: inout StackContext) -> (Int, Int)? {
        var size: (cpu: Int, memory: Int)? = (cpu, memory)
        if let sizeText {
            let parts = sizeText.split(separator: "/")
            size = parts.count == 2 ? Int(parts[0]).flatMap { cpu in Int(parts[1]).map { (cpu, $0) } } : nil
        }
        let memoryRange: [Int: ClosedRange<Int>] = [
            256: 512...2048, 512: 1024...4096, 1024: 2048...8192, 2048: 4096...16384, 4096: 8192...30720,
            8192: 16384...61440, 16384: 32768...122880,
        ]
        let step: [Int: Int] = [256: 512, 512: 1024, 1024: 1024, 2048: 1024, 4096: 1024, 8192: 4096, 16384: 8192]
        let allowed = size.map { size in
            memoryRange[size.cpu]?.contains(size.memory) == true && size.memory % step[size.cpu]! == 0 && size.memory != 1536
        } ?? false
        guard let size, allowed else {
            stack.report(.error(
                "size '\(sizeText ?? "\(cpu)/\(memory)")' is not a Fargate 'cpu/memory' pair",
                hint: "for example 512/1024: cpu units 256, 512, 1024, 2048, 4096, 8192 or 16384, with memory (MiB) in the range Fargate allows for it"))
            return nil
        }
        return size
    }

    private func checkContainers(_ stack: inout StackContext) -> Bool {
        var valid = !containers.isEmpty
        if containers.isEmpty { stack.report(.error("a service needs at least one container")) }
        let names = containers.map(\.name) + sidecars.map(\.name)
        for container in containers {
            if names.filter({ $0 == container.name }).count > 1 {
                stack.report(.error("two containers are named '\(container.name)'"))
                valid = false
            }
            if !container.environment.check(owner: "container \(container.name)", secretHint: Self.secretHint, in: &stack) {
                valid = false
            }
            for dependency in container.dependencies where !names.contains(dependency.container) {
                stack.report(.error(
                    "container \(container.name) starts after '\(dependency.container)', which this task does not have",
                    hint: "containers: \(names.joined(separator: ", "))"))
                valid = false
            }
        }
        if !containers.contains(where: \.essential) {
            stack.report(.error("at least one container must be essential"))
            valid = false
        }
        if let migrationContainer, !containers.map(\.name).contains(migrationContainer) {
            stack.report(.error(
                "the migrations run in container '\(migrationContainer)', which this task does not have",
                hint: "containers: \(containers.map(\.name).joined(separator: ", ")); name one of them in .migrations(_:container:)"))
            valid = false
        }
        return valid
    }

    /// Where a container's secret-looking variable belongs instead.
    static func secretHint(_ variable: Env) -> String {
        "store it in Secrets Manager (GeneratedSecret) and inject it with Secret(\"\(variable.name)\", …)"
    }

    /// The tracing sidecar, if any, as a container like the author's.
    var sidecars: [Container] {
        switch tracing {
        case .none: []
        case .xray:
            [Container("xray-daemon", image: .registry("public.ecr.aws/xray/aws-xray-daemon:3.3.14"))
                .essential(false).user("1337").memoryReservation(64)]
        case .openTelemetry:
            [Container("otel-collector", image: .registry("public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3"))
                .essential(false).user("10001").memoryReservation(128)
                .command(["--config=/etc/ecs/ecs-default-config.yaml"])]
        }
    }

    private func executionStatements() -> [Value] {
        var statements: [Value] = []
        let repositories = (containers + sidecars).compactMap { container -> Repository? in
            if case .repository(let repository, _) = container.image { repository } else { nil }
        }
        // GuardDuty Runtime Monitoring (on in the security baseline, or organization-wide) adds
        // its agent as a sidecar that the task's execution role pulls from GuardDuty's own
        // repository in the region; without these permissions tasks fail to start once it is on.
        // The repository's account differs per region, so the ARN names the repository only.
        let guardDutyAgent: Value = .sub("arn:${AWS::Partition}:ecr:${AWS::Region}:*:repository/aws-guardduty-agent-fargate")
        statements.append(IAMPolicy.allow(["ecr:GetAuthorizationToken"], on: ["*"]))
        let arns = unique(repositories.map { $0.arn.value }) + [guardDutyAgent]
        statements.append(IAMPolicy.allow(
            ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], on: arns))
        statements.append(IAMPolicy.allow(
            ["logs:CreateLogStream", "logs:PutLogEvents"], on: [parts.logGroup.arn]))
        let secrets = containers.flatMap(\.secrets)
        let fromSecretsManager = unique(secrets.filter { $0.source.store == .secretsManager }.map(\.source.arn))
        if !fromSecretsManager.isEmpty {
            statements.append(IAMPolicy.allow(["secretsmanager:GetSecretValue"], on: fromSecretsManager))
        }
        let fromParameterStore = unique(secrets.filter { $0.source.store == .parameterStore }.map(\.source.arn))
        if !fromParameterStore.isEmpty {
            statements.append(IAMPolicy.allow(["ssm:GetParameters"], on: fromParameterStore))
        }
        let keys = unique(secrets.compactMap(\.source.keyArn))
        if !keys.isEmpty { statements.append(IAMPolicy.allow(["kms:Decrypt"], on: keys)) }
        return statements
    }

    private func taskStatements(_ stack: StackContext) -> [Value] {
        var statements: [Value] = []
        statements += (grants + containers.flatMap(\.grants)).policyStatements(in: stack)
        if tracing != .none {
            statements.append(IAMPolicy.allow(
                ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
                on: ["*"]))
        }
        return unique(statements)
    }

    private func unique(_ values: [Value]) -> [Value] {
        var result: [Value] = []
        for value in values where !result.contains(value) { result.append(value) }
        return result
    }
}
