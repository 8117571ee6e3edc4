import TenkaiCore

/// An internet-facing Application Load Balancer in front of a ``Service``.
///
/// Defaults: HTTPS on 443 with the given ACM certificate and the TLS 1.3/1.2 policy
/// `ELBSecurityPolicy-TLS13-1-2-2021-06`; HTTP on 80 only redirects to HTTPS; invalid header
/// fields dropped; access logs to a bucket when ``accessLogs(to:)`` names one; two target
/// groups, blue (serving) and green (for the next release), checked on the container's ``Port``
/// readiness (or health) path; deletion protection in production. Its security group admits 80 and 443 from
/// anywhere (or, with ``reachable(from:)`` `.cloudFront`, 443 from CloudFront's origin-facing
/// addresses only) and reaches the service's tasks only on their port.
///
/// Declare it after its service, in the same stack: it attaches the blue target group to the
/// service.
///
/// ```swift
/// LoadBalancer("web", fronting: web, in: net, certificate: originCertificate.arn)
///     .accessLogs(to: logs.bucketName)
///     .domainName("origin.\(env.domain)", in: zone)
/// ```
public struct LoadBalancer: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "LoadBalancer" }
    public var service: Service
    public var subnets: [Reference]
    public var vpcID: Reference
    public var certificateArn: Value
    public var sslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    public var accessLogBucket: Reference?
    public var idleTimeoutSeconds = 60
    public var deregistrationDelaySeconds = 30
    /// nil: on in production.
    public var deletionProtection: Bool?
    public var aliasName: String?
    public var aliasZone: Reference?
    /// Who may connect: anyone, or only CloudFront's origin-facing addresses.
    public var clients = Clients.internet

    /// Who may connect to the load balancer.
    public enum Clients: Sendable, Hashable {
        /// HTTPS and redirecting HTTP from anywhere.
        case internet
        /// HTTPS from CloudFront's origin-facing servers only (the AWS-managed prefix list
        /// `com.amazonaws.global.cloudfront.origin-facing`), so nobody reaches the origin
        /// around the CDN and its firewall; no HTTP listener (CloudFront connects over HTTPS).
        case cloudFront
    }

    public init(_ name: String, fronting service: Service, in network: Network, certificate: Reference) {
        self.name = name
        self.service = service
        self.subnets = network.publicSubnets
        self.vpcID = network.vpcID
        self.certificateArn = certificate.value
    }

    // MARK: - References

    public var arn: Reference { reference(.arn) }
    public var dnsName: Reference { attribute("DNSName", .hostname) }
    /// `app/<name>/<id>`, the CloudWatch `LoadBalancer` dimension.
    public var fullName: Reference { attribute("LoadBalancerFullName", .name) }
    public var securityGroupID: Reference { parts.securityGroup.attribute("GroupId", .id) }
    public var httpsListener: Reference { parts.httpsListener.reference(.arn) }
    public var blueTargetGroup: Reference { parts.targetGroup("Blue").reference(.arn) }
    public var greenTargetGroup: Reference { parts.targetGroup("Green").reference(.arn) }
    /// `targetgroup/<name>/<id>` of the blue group, the CloudWatch `TargetGroup` dimension.
    public var blueTargetGroupFullName: Reference { parts.targetGroup("Blue").attribute("TargetGroupFullName", .name) }

    // MARK: - Resources

    /// The load balancer's other resources, each named here once; `color` is `Blue` or `Green`.
    struct Parts {
        let balancer: LoadBalancer
        var securityGroup: ResourceID { balancer.part("SecurityGroup") }
        var securityGroupEgress: ResourceID { balancer.part("SecurityGroupEgress") }
        var toServiceIngress: ResourceID { balancer.part("ToServiceIngress") }
        var httpsListener: ResourceID { balancer.part("HttpsListener") }
        var httpListener: ResourceID { balancer.part("HttpListener") }
        var aliasRecord: ResourceID { balancer.part("AliasRecord") }
        var productionRule: ResourceID { balancer.part("ProductionRule") }
        var trafficRole: ResourceID { balancer.part("TrafficRole") }
        func targetGroup(_ color: String) -> ResourceID { balancer.part(color + "TargetGroup") }
    }

    var parts: Parts { Parts(balancer: self) }

    // MARK: - Modifiers

    public func accessLogs(to bucket: Reference) -> LoadBalancer { with { $0.accessLogBucket = bucket } }
    public func sslPolicy(_ policy: String) -> LoadBalancer { with { $0.sslPolicy = policy } }
    public func idleTimeout(seconds: Int) -> LoadBalancer { with { $0.idleTimeoutSeconds = seconds } }
    public func deletionProtection(_ on: Bool) -> LoadBalancer { with { $0.deletionProtection = on } }
    /// Admits only `clients` (``Clients/cloudFront`` for the origin of a ``CDN``).
    public func reachable(from clients: Clients) -> LoadBalancer { with { $0.clients = clients } }
    /// Publishes the load balancer as `domain` (an alias record) in a hosted zone.
    public func domainName(_ domain: String, in zone: DNS) -> LoadBalancer {
        with { $0.aliasName = domain; $0.aliasZone = zone.zoneID }
    }

    // MARK: - Translation

    public func translate(into stack: inout StackContext) {
        let id = logicalID
        let longest = stack.resourceName("\(name)-green")
        guard longest.count <= 32 else {
            stack.report(.error(
                "load balancer and target group names are at most 32 characters; '\(longest)' is \(longest.count)",
                hint: "give the load balancer a shorter name"))
            return
        }
        guard let serving = service.containers.first(where: { $0.servingPort != nil }), let port = serving.servingPort,
            let healthPath = port.loadBalancerCheckPath
        else {
            stack.report(.error(
                "service \(service.name) has no container port with a health-check path",
                hint: "add Port(8080, health: \"/healthz\") to the container that serves HTTP"))
            return
        }
        guard stack.template.resources[service.logicalID] != nil else {
            stack.report(.error(
                "service \(service.name) must be declared before its load balancer, in the same stack",
                hint: "move the load balancer into the stack of \(service.name), after it"))
            return
        }
        let ingress: [Value]
        switch clients {
        case .internet:
            ingress = [
                ["IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": "HTTPS"],
                ["IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0", "Description": "HTTP, redirected"],
            ]
        case .cloudFront:
            guard let prefixList = CloudFrontOriginPrefixList.id(in: stack.region) else {
                stack.report(.error(
                    "no known ID of the CloudFront origin-facing prefix list in \(stack.region)",
                    hint: "look it up (aws ec2 describe-managed-prefix-lists --region \(stack.region) --filters Name=prefix-list-name,Values=\(CloudFrontOriginPrefixList.name)) and add it to CloudFrontOriginPrefixList.ids"))
                return
            }
            ingress = [[
                "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "SourcePrefixListId": .string(prefixList),
                "Description": "HTTPS from CloudFront origin-facing servers",
            ]]
        }
        stack.add(parts.securityGroup, Resource(type: "AWS::EC2::SecurityGroup", properties: [
            "GroupDescription": .string(clients == .cloudFront
                ? "\(stack.resourceName(name)): HTTPS from CloudFront only"
                : "\(stack.resourceName(name)): HTTPS and redirecting HTTP from anywhere"),
            "VpcId": vpcID.value,
            "SecurityGroupEgress": [SecurityGroupRules.noEgress],
            "SecurityGroupIngress": .list(ingress),
        ]))
        stack.add(parts.securityGroupEgress, Resource(type: "AWS::EC2::SecurityGroupEgress", properties: [
            "GroupId": parts.securityGroup.getAtt("GroupId"),
            "DestinationSecurityGroupId": service.securityGroupID.value,
            "IpProtocol": "tcp", "FromPort": .int(port.number), "ToPort": .int(port.number),
            "Description": .string("to the tasks of \(service.name)"),
        ]))
        stack.add(parts.toServiceIngress, Resource(type: "AWS::EC2::SecurityGroupIngress", properties: [
            "GroupId": service.securityGroupID.value,
            "SourceSecurityGroupId": parts.securityGroup.getAtt("GroupId"),
            "IpProtocol": "tcp", "FromPort": .int(port.number), "ToPort": .int(port.number),
            "Description": .string("from load balancer \(name)"),
        ]))

        var attributes: [Value] = [
            attribute("routing.http.drop_invalid_header_fields.enabled", "true"),
            attribute("idle_timeout.timeout_seconds", String(idleTimeoutSeconds)),
            attribute("deletion_protection.enabled", (deletionProtection ?? stack.environment.isProduction) ? "true" : "false"),
        ]
        if let accessLogBucket {
            attributes.append(attribute("access_logs.s3.enabled", "true"))
            attributes.append(["Key": "access_logs.s3.bucket", "Value": accessLogBucket.value])
            attributes.append(attribute("access_logs.s3.prefix", "\(name)-load-balancer"))
        }
        stack.add(id, Resource(type: "AWS::ElasticLoadBalancingV2::LoadBalancer", properties: [
            "Name": .string(stack.resourceName(name)),
            "Type": "application", "Scheme": "internet-facing", "IpAddressType": "ipv4",
            "Subnets": .list(subnets.map(\.value)),
            "SecurityGroups": [parts.securityGroup.getAtt("GroupId")],
            "LoadBalancerAttributes": .list(attributes),
        ]))
        stack.argue(id, [ScannerReasons.internetFacingLoadBalancer])
        if clients == .internet { stack.argue(parts.securityGroup.logicalID, [ScannerReasons.redirectPort, ScannerReasons.openWebPorts]) }
        for color in ["Blue", "Green"] {
            stack.add(parts.targetGroup(color), Resource(type: "AWS::ElasticLoadBalancingV2::TargetGroup", properties: [
                "Name": .string(stack.resourceName("\(name)-\(color.lowercased())")),
                "TargetType": "ip", "Protocol": "HTTP", "ProtocolVersion": "HTTP1", "Port": .int(port.number),
                "VpcId": vpcID.value,
                "HealthCheckProtocol": "HTTP", "HealthCheckPath": .string(healthPath),
                "HealthCheckIntervalSeconds": 15, "HealthCheckTimeoutSeconds": 5,
                "HealthyThresholdCount": 2, "UnhealthyThresholdCount": 3,
                "Matcher": ["HttpCode": "200"],
                "TargetGroupAttributes": [
                    attribute("deregistration_delay.timeout_seconds", String(deregistrationDelaySeconds))
                ],
            ]))
        }
        stack.add(parts.httpsListener, Resource(type: "AWS::ElasticLoadBalancingV2::Listener", properties: [
            "LoadBalancerArn": .ref(id), "Port": 443, "Protocol": "HTTPS", "SslPolicy": .string(sslPolicy),
            "Certificates": [["CertificateArn": certificateArn]],
            "DefaultActions": [["Type": "forward", "TargetGroupArn": parts.targetGroup("Blue").ref]],
        ]))
        if clients == .internet {
            stack.add(parts.httpListener, Resource(type: "AWS::ElasticLoadBalancingV2::Listener", properties: [
                "LoadBalancerArn": .ref(id), "Port": 80, "Protocol": "HTTP",
                "DefaultActions": [
                    [
                        "Type": "redirect",
                        "RedirectConfig": ["Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"],
                    ]
                ],
            ]))
        }
        if let aliasName, let aliasZone {
            stack.add(parts.aliasRecord, Resource(type: "AWS::Route53::RecordSet", properties: [
                "HostedZoneId": aliasZone.value, "Name": .string(aliasName), "Type": "A",
                "AliasTarget": [
                    "DNSName": .getAtt(id, "DNSName"), "HostedZoneId": .getAtt(id, "CanonicalHostedZoneID"),
                    "EvaluateTargetHealth": true,
                ],
            ]))
        }
        stack.update(service.logicalID) { resource in
            resource.properties["LoadBalancers"] = [
                [
                    "ContainerName": .string(serving.name), "ContainerPort": .int(port.number),
                    "TargetGroupArn": parts.targetGroup("Blue").ref,
                ]
            ]
            resource.properties["HealthCheckGracePeriodSeconds"] = 60
            resource.dependsOn += [parts.httpsListener.logicalID, parts.toServiceIngress.logicalID]
        }
        addECSManagedDeployment(in: &stack, containerName: serving.name, port: port.number)
        addReleaseOutputs(in: &stack, port: port.number)
    }

    private func attribute(_ key: String, _ value: String) -> Value {
        ["Key": .string(key), "Value": .string(value)]
    }
}
