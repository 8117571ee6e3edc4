import TenkaiCore

/// The app on EC2 instances instead of Fargate: two Auto Scaling groups (blue and green) of one
/// launch template whose cloud-init user data installs Docker and starts the app's container,
/// behind an existing ``LoadBalancer``'s HTTPS listener with a target group per colour.
///
/// Defaults: Amazon Linux 2023 (the latest AMI, from the public SSM parameter); IMDSv2 only
/// (`HttpTokens: required`); no key pair and no inbound port but the app's, from the load
/// balancer only — operators connect with SSM Session Manager; an instance role holding the
/// Session Manager policy, image pulls from exactly its repository, exactly its secrets, its
/// own log group and the grants given to the servers and their container (``Grantee``); encrypted gp3 root volumes; instances in the
/// private subnets. The blue group serves; the green group (0 instances) is where a release
/// starts the next version before the listener rule's weights move traffic to it.
///
/// ```swift
/// AppServers("web", in: net, behind: loadBalancer, running: container)
///     .instanceType(settings.appServer)
///     .count(min: settings.webTasks, max: settings.webTasksMax)
///     .connecting(to: db)
/// ```
public struct AppServers: EscapeHatching, Grantee {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "AppServers" }
    public internal(set) var container: Container
    public internal(set) var vpcID: Reference
    public internal(set) var subnets: [Reference]
    public internal(set) var loadBalancerSecurityGroup: Reference
    public internal(set) var listener: Reference
    /// The load balancer's `app/…` name, for the alarms on the target groups.
    public internal(set) var loadBalancerFullName: Reference
    public internal(set) var instanceType = "t3.small"
    public internal(set) var minimumCount = 1
    public internal(set) var maximumCount = 2
    public internal(set) var volumeGigabytes = 20
    /// The listener rule's priority: lower than any other rule that must win over it.
    public internal(set) var rulePriority = 10
    public internal(set) var logRetentionDays = 30
    public internal(set) var connections: [any Connectable] = []
    /// Grants of the instance role, besides those its container holds.
    public var grants: [Grant] = []

    public init(_ name: String, in network: Network, behind loadBalancer: LoadBalancer, running container: Container) {
        self.name = name
        self.container = container
        self.vpcID = network.vpcID
        self.subnets = network.privateSubnets
        self.loadBalancerSecurityGroup = loadBalancer.securityGroupID
        self.listener = loadBalancer.httpsListener
        self.loadBalancerFullName = loadBalancer.fullName
    }

    // MARK: - References

    public var securityGroupID: Reference { parts.securityGroup.attribute("GroupId", .id) }
    public var blueTargetGroup: Reference { parts.targetGroup("Blue").reference(.arn) }
    public var greenTargetGroup: Reference { parts.targetGroup("Green").reference(.arn) }
    public var role: Reference { parts.role.attribute("Arn", .arn) }
    public func groupName(_ color: String) -> Reference { parts.group(color).reference(.name) }
    public func targetGroupFullName(_ color: String) -> Reference {
        parts.targetGroup(color).attribute("TargetGroupFullName", .name)
    }

    // MARK: - Resources

    /// The servers' resources, each named here once; `color` is `Blue` or `Green`.
    struct Parts {
        let servers: AppServers
        var securityGroup: ResourceID { servers.part("SecurityGroup") }
        var logGroup: ResourceID { servers.part("LogGroup") }
        var role: ResourceID { servers.part("Role") }
        var instanceProfile: ResourceID { servers.part("InstanceProfile") }
        var launchTemplate: ResourceID { servers.part("LaunchTemplate") }
        var listenerRule: ResourceID { servers.part("ListenerRule") }
        func targetGroup(_ color: String) -> ResourceID { servers.part(color + "TargetGroup") }
        func group(_ color: String) -> ResourceID { servers.part(color + "Group") }
    }

    var parts: Parts { Parts(servers: self) }

    // MARK: - Modifiers

    /// An EC2 instance type (`t3.small`); Graviton types (`t4g.small`) get the arm64 image.
    public func instanceType(_ type: String) -> AppServers { with { $0.instanceType = type } }
    public func count(min: Int, max: Int) -> AppServers { with { $0.minimumCount = min; $0.maximumCount = max } }
    public func volume(gigabytes: Int) -> AppServers { with { $0.volumeGigabytes = gigabytes } }
    public func rulePriority(_ priority: Int) -> AppServers { with { $0.rulePriority = priority } }
    public func logRetention(days: Int) -> AppServers { with { $0.logRetentionDays = days } }
    /// Opens `target`'s security group to these instances on its port.
    public func connecting(to target: any Connectable) -> AppServers { with { $0.connections.append(target) } }

    /// Whether the instance type runs on Graviton (`t4g`, `m7g`, `c7gn`).
    var isArm: Bool {
        let family = instanceType.split(separator: ".").first ?? ""
        return family.dropFirst().contains("g")
    }

    // MARK: - Translation

    public func translate(into stack: inout StackContext) {
        guard let port = container.servingPort, let healthPath = port.loadBalancerCheckPath else {
            stack.report(.error(
                "app servers \(name) run a container without a port that has a health-check path",
                hint: "add Port(8080, health: \"/healthz\") to the container"))
            return
        }
        guard minimumCount >= 0, maximumCount >= max(minimumCount, 1), (8...16384).contains(volumeGigabytes),
              (1...50000).contains(rulePriority), instanceType.split(separator: ".").count == 2 else {
            stack.report(.error(
                "app servers \(name): counts \(minimumCount)...\(maximumCount), volume \(volumeGigabytes) GB, rule priority \(rulePriority) or instance type '\(instanceType)' is not valid",
                hint: "counts 0 or more with a maximum of at least 1 and the minimum, 8 to 16384 GB, priority 1 to 50000, a type such as t3.small"))
            return
        }
        guard LogRetention.check(logRetentionDays, in: &stack),
              container.environment.check(owner: "container \(container.name)", secretHint: Service.secretHint, in: &stack)
        else { return }
        addNetworkRules(port: port.number, in: &stack)
        stack.add(parts.logGroup, LogRetention.logGroup([
            "LogGroupName": .string("/tenkai/\(stack.resourceName(name))-app-servers"),
            "RetentionInDays": .int(logRetentionDays),
        ], in: stack))
        stack.add(parts.role, IAMPolicy.role(
            for: "ec2.amazonaws.com", policyName: "app-server", statements: roleStatements(stack),
            managedPolicies: ["AmazonSSMManagedInstanceCore"]))
        stack.add(parts.instanceProfile, Resource(type: "AWS::IAM::InstanceProfile", properties: ["Roles": [parts.role.ref]]))
        addLaunchTemplate(port: port.number, in: &stack)
        for color in ["Blue", "Green"] {
            stack.add(parts.targetGroup(color), Resource(type: "AWS::ElasticLoadBalancingV2::TargetGroup", properties: [
                "Name": .string(stack.resourceName("\(name)-ec2-\(color.lowercased())")),
                "TargetType": "instance", "Protocol": "HTTP", "ProtocolVersion": "HTTP1", "Port": .int(port.number),
                "VpcId": vpcID.value,
                "HealthCheckProtocol": "HTTP", "HealthCheckPath": .string(healthPath),
                "HealthCheckIntervalSeconds": 15, "HealthCheckTimeoutSeconds": 5,
                "HealthyThresholdCount": 2, "UnhealthyThresholdCount": 3,
                "Matcher": ["HttpCode": "200"],
                "TargetGroupAttributes": [["Key": "deregistration_delay.timeout_seconds", "Value": "30"]],
            ]))
            let serving = color == "Blue"
            var group = Resource(type: "AWS::AutoScaling::AutoScalingGroup", properties: [
                "MinSize": .string(String(serving ? minimumCount : 0)),
                "MaxSize": .string(String(maximumCount)),
                "VPCZoneIdentifier": .list(subnets.map(\.value)),
                "LaunchTemplate": ["LaunchTemplateId": parts.launchTemplate.ref, "Version": parts.launchTemplate.getAtt("LatestVersionNumber")],
                "TargetGroupARNs": [parts.targetGroup(color).ref],
                "HealthCheckType": "ELB", "HealthCheckGracePeriod": 330,  // Rule.bootGrace: a 300 s boot, then 2 × 15 s to healthy
                "Tags": [["Key": "Name", "Value": .string(stack.resourceName("\(name)-\(color.lowercased())")), "PropagateAtLaunch": true]],
            ])
            // A release sizes the groups (the serving one up, the other to zero); a deploy that
            // changes the launch template must not put those sizes back: no DesiredCapacity (it
            // starts at MinSize and CloudFormation never resets it), and unmodified sizes ignored.
            group.updatePolicy = ["AutoScalingScheduledAction": ["IgnoreUnmodifiedGroupSizeProperties": true]]
            stack.add(parts.group(color), group)
        }
        stack.add(parts.listenerRule, Resource(type: "AWS::ElasticLoadBalancingV2::ListenerRule", properties: [
            "ListenerArn": listener.value, "Priority": .int(rulePriority),
            "Conditions": [["Field": "path-pattern", "PathPatternConfig": ["Values": ["/*"]]]],
            "Actions": [[
                "Type": "forward",
                "ForwardConfig": ["TargetGroups": [
                    ["TargetGroupArn": parts.targetGroup("Blue").ref, "Weight": 100],
                    ["TargetGroupArn": parts.targetGroup("Green").ref, "Weight": 0],
                ]],
            ]],
        ]))
        addReleaseOutputs(port: port.number, in: &stack)
    }

    /// Inbound only the app's port from the load balancer; outbound HTTPS for AWS APIs and packages.
    private func addNetworkRules(port: Int, in stack: inout StackContext) {
        stack.add(parts.securityGroup, Resource(type: "AWS::EC2::SecurityGroup", properties: [
            "GroupDescription": .string("App servers of \(stack.resourceName(name)); no SSH, Session Manager only"),
            "VpcId": vpcID.value,
            "SecurityGroupIngress": [[
                "IpProtocol": "tcp", "FromPort": .int(port), "ToPort": .int(port),
                "SourceSecurityGroupId": loadBalancerSecurityGroup.value, "Description": "the app, from the load balancer",
            ]],
            "SecurityGroupEgress": [["IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0",
                                     "Description": "AWS APIs, images and packages over HTTPS"]],
        ]))
        stack.add(part("FromLoadBalancerEgress"), Resource(type: "AWS::EC2::SecurityGroupEgress", properties: [
            "GroupId": loadBalancerSecurityGroup.value, "DestinationSecurityGroupId": parts.securityGroup.getAtt("GroupId"),
            "IpProtocol": "tcp", "FromPort": .int(port), "ToPort": .int(port), "Description": .string("to the app servers \(name)"),
        ]))
        for target in connections {
            stack.add(part("To\(target.logicalID)Egress"), Resource(type: "AWS::EC2::SecurityGroupEgress", properties: [
                "GroupId": parts.securityGroup.getAtt("GroupId"), "DestinationSecurityGroupId": target.securityGroupID.value,
                "IpProtocol": "tcp", "FromPort": .int(target.port), "ToPort": .int(target.port), "Description": .string("to \(target.name)"),
            ]))
            stack.add(part("To\(target.logicalID)Ingress"), Resource(type: "AWS::EC2::SecurityGroupIngress", properties: [
                "GroupId": target.securityGroupID.value, "SourceSecurityGroupId": parts.securityGroup.getAtt("GroupId"),
                "IpProtocol": "tcp", "FromPort": .int(target.port), "ToPort": .int(target.port),
                "Description": .string("from app servers \(name)"),
            ]))
        }
    }

    private func addLaunchTemplate(port: Int, in stack: inout StackContext) {
        let architecture = isArm ? "arm64" : "x86_64"
        stack.add(parts.launchTemplate, Resource(type: "AWS::EC2::LaunchTemplate", properties: [
            "LaunchTemplateName": .string(stack.resourceName(name)),
            "LaunchTemplateData": [
                "ImageId": .string("{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-\(architecture)}}"),
                "InstanceType": .string(instanceType),
                "IamInstanceProfile": ["Arn": parts.instanceProfile.arn],
                "SecurityGroupIds": [parts.securityGroup.getAtt("GroupId")],
                // IMDSv2 only; two hops so the container (one network hop further) still gets the role.
                "MetadataOptions": ["HttpTokens": "required", "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 2],
                "BlockDeviceMappings": [[
                    "DeviceName": "/dev/xvda",
                    "Ebs": ["VolumeSize": .int(volumeGigabytes), "VolumeType": "gp3", "Encrypted": true, "DeleteOnTermination": true],
                ]],
                "Monitoring": ["Enabled": true],
                "UserData": .base64(userData(port: port, in: &stack)),
                "TagSpecifications": [["ResourceType": "volume", "Tags": [["Key": "Name", "Value": .string(stack.resourceName(name))]]]],
            ],
        ]))
    }

    private func roleStatements(_ stack: StackContext) -> [Value] {
        var statements: [Value] = []
        if case .repository(let repository, _) = container.image {
            statements.append(IAMPolicy.allow(["ecr:GetAuthorizationToken"], on: ["*"]))
            statements.append(IAMPolicy.allow(
                ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], on: [repository.arn.value]))
        }
        statements.append(IAMPolicy.allow(
            ["logs:CreateLogStream", "logs:PutLogEvents"], on: [parts.logGroup.arn]))
        let fromSecretsManager = container.secrets.filter { $0.source.store == .secretsManager }.map(\.source.arn)
        if !fromSecretsManager.isEmpty { statements.append(IAMPolicy.allow(["secretsmanager:GetSecretValue"], on: unique(fromSecretsManager))) }
        let fromParameterStore = container.secrets.filter { $0.source.store == .parameterStore }.map(\.source.arn)
        if !fromParameterStore.isEmpty { statements.append(IAMPolicy.allow(["ssm:GetParameter"], on: unique(fromParameterStore))) }
        let keys = container.secrets.compactMap(\.source.keyArn)
        if !keys.isEmpty { statements.append(IAMPolicy.allow(["kms:Decrypt"], on: unique(keys))) }
        statements += (grants + container.grants).policyStatements(in: stack)
        return unique(statements)
    }

    private func unique(_ values: [Value]) -> [Value] {
        var result: [Value] = []
        for value in values where !result.contains(value) { result.append(value) }
        return result
    }
}
