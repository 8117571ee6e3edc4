import TenkaiCore

/// A VPC over several availability zones, with public, private and isolated subnets.
///
/// Defaults: CIDR `10.0.0.0/16` cut into /21 subnets (``NetworkAddressPlan`` says which goes
/// where; ``cidr(_:)`` takes /16 to /23); public subnets (no public IPs assigned on
/// launch) route to an internet gateway; private subnets reach the internet through NAT
/// gateways (one per zone, or one shared with ``NatGateways/single``); isolated subnets have no
/// route out at all (databases live there). VPC flow logs of all traffic go to CloudWatch Logs
/// kept ``flowLogRetentionDays`` days; a gateway endpoint keeps S3 traffic off the NAT.
///
/// ```swift
/// let net = Network("main", availabilityZones: env.availabilityZones)
///     .natGateways(env.multiAZ ? .perZone : .single)
///     .flowLogRetention(days: 365)
/// ```
public struct Network: EscapeHatching {
    /// How private subnets reach the internet.
    public enum NatGateways: Sendable, Hashable {
        /// One NAT gateway for all zones: cheaper, but a zone outage cuts the others off too.
        case single
        /// One NAT gateway in each zone.
        case perZone
        /// This many NAT gateways (in the first zones), the zones sharing them in turn: zone 3 of
        /// three with two gateways uses the first. Each gateway holds an Elastic IP, and a
        /// region allows five by default across every VPC of the account.
        case count(Int)

        /// `single`, `perZone` or a number, as environment files write it; nil for anything else.
        public init?(setting text: String) {
            switch text {
            case "single": self = .single
            case "perZone": self = .perZone
            default:
                guard let number = Int(text), number >= 1 else { return nil }
                self = .count(number)
            }
        }

        /// How many gateways a network of `zones` zones gets.
        public func gateways(zones: Int) -> Int {
            switch self {
            case .single: 1
            case .perZone: zones
            case .count(let number): min(number, zones)
            }
        }
    }

    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Vpc" }
    public var availabilityZones: Int
    public var cidrBlock = "10.0.0.0/16"
    public var natGateways = NatGateways.perZone
    public var flowLogRetentionDays = 90

    public init(_ name: String, availabilityZones: Int) {
        self.name = name
        self.availabilityZones = availabilityZones
    }

    // MARK: - References

    public var vpcID: Reference { reference(.id) }
    public var publicSubnets: [Reference] { subnets(.public) }
    public var privateSubnets: [Reference] { subnets(.private) }
    public var isolatedSubnets: [Reference] { subnets(.isolated) }

    private func subnets(_ tier: NetworkAddressPlan.Tier) -> [Reference] {
        (1...max(availabilityZones, 1)).map { parts.subnet(tier, zone: $0).reference(.id) }
    }

    // MARK: - Resources

    /// The network's resources besides the VPC, each named here once; `zone` counts from 1.
    struct Parts {
        let network: Network
        var internetGateway: ResourceID { network.part("InternetGateway") }
        var gatewayAttachment: ResourceID { network.part("GatewayAttachment") }
        var publicRouteTable: ResourceID { network.part("PublicRouteTable") }
        var publicDefaultRoute: ResourceID { network.part("PublicDefaultRoute") }
        var isolatedRouteTable: ResourceID { network.part("IsolatedRouteTable") }
        var s3Endpoint: ResourceID { network.part("S3Endpoint") }
        var flowLogGroup: ResourceID { network.part("FlowLogGroup") }
        var flowLogRole: ResourceID { network.part("FlowLogRole") }
        var flowLog: ResourceID { network.part("FlowLog") }
        func subnet(_ tier: NetworkAddressPlan.Tier, zone: Int) -> ResourceID { network.part("\(tier.name)Subnet\(zone)") }
        func natEip(zone: Int) -> ResourceID { network.part("NatEip\(zone)") }
        func natGateway(zone: Int) -> ResourceID { network.part("NatGateway\(zone)") }
        func privateRouteTable(zone: Int) -> ResourceID { network.part("PrivateRouteTable\(zone)") }
        func privateDefaultRoute(zone: Int) -> ResourceID { network.part("PrivateDefaultRoute\(zone)") }
    }

    var parts: Parts { Parts(network: self) }

    // MARK: - Modifiers

    public func natGateways(_ choice: NatGateways) -> Network { with { $0.natGateways = choice } }
    public func cidr(_ block: String) -> Network { with { $0.cidrBlock = block } }
    public func flowLogRetention(days: Int) -> Network { with { $0.flowLogRetentionDays = days } }

    // MARK: - Translation

    public func translate(into stack: inout StackContext) {
        guard (1...6).contains(availabilityZones) else {
            stack.report(.error("a network spans 1 to 6 availability zones, not \(availabilityZones)"))
            return
        }
        guard LogRetention.check(flowLogRetentionDays, in: &stack) else { return }
        if case .count(let number) = natGateways, number < 1 {
            stack.report(.error("a network needs at least one NAT gateway, not \(number)", hint: "use .single, .perZone or .count(1...)"))
            return
        }
        let plan: NetworkAddressPlan
        do {
            plan = try NetworkAddressPlan(vpc: cidrBlock, availabilityZones: availabilityZones)
        } catch {
            stack.report(.error("the network's CIDR block: \(error.message)", hint: error.hint))
            return
        }
        let id = logicalID
        stack.add(id, Resource(type: "AWS::EC2::VPC", properties: [
            "CidrBlock": .string(plan.vpc), "EnableDnsHostnames": true, "EnableDnsSupport": true,
            "Tags": [["Key": "Name", "Value": .string(stack.resourceName(name))]],
        ]))
        stack.add(parts.internetGateway, Resource(type: "AWS::EC2::InternetGateway"))
        stack.add(parts.gatewayAttachment, Resource(type: "AWS::EC2::VPCGatewayAttachment", properties: [
            "VpcId": .ref(id), "InternetGatewayId": parts.internetGateway.ref,
        ]))
        stack.add(parts.publicRouteTable, Resource(type: "AWS::EC2::RouteTable", properties: ["VpcId": .ref(id)]))
        stack.add(parts.publicDefaultRoute, Resource(type: "AWS::EC2::Route", properties: [
            "RouteTableId": parts.publicRouteTable.ref, "DestinationCidrBlock": "0.0.0.0/0",
            "GatewayId": parts.internetGateway.ref,
        ], dependsOn: [parts.gatewayAttachment.logicalID]))
        stack.add(parts.isolatedRouteTable, Resource(type: "AWS::EC2::RouteTable", properties: ["VpcId": .ref(id)]))

        var privateRouteTables: [Value] = []
        for zone in 1...availabilityZones {
            let az = Value.select(zone - 1, .getAZs(""))
            for tier in NetworkAddressPlan.Tier.allCases {
                stack.add(parts.subnet(tier, zone: zone), Resource(type: "AWS::EC2::Subnet", properties: [
                    "VpcId": .ref(id), "AvailabilityZone": az,
                    "CidrBlock": .string(plan.subnet(tier, zone: zone)),
                    "MapPublicIpOnLaunch": false,
                    "Tags": [["Key": "Name", "Value": .string(stack.resourceName("\(name)-\(tier.name.lowercased())-\(zone)"))]],
                ]))
            }
            associate(parts.subnet(.public, zone: zone), with: parts.publicRouteTable, in: &stack)
            associate(parts.subnet(.isolated, zone: zone), with: parts.isolatedRouteTable, in: &stack)

            let gateways = natGateways.gateways(zones: availabilityZones)
            let nat = (zone - 1) % gateways + 1
            if zone <= gateways {
                stack.add(parts.natEip(zone: zone), Resource(type: "AWS::EC2::EIP", properties: ["Domain": "vpc"],
                                                             dependsOn: [parts.gatewayAttachment.logicalID]))
                stack.add(parts.natGateway(zone: zone), Resource(type: "AWS::EC2::NatGateway", properties: [
                    "AllocationId": parts.natEip(zone: zone).getAtt("AllocationId"),
                    "SubnetId": parts.subnet(.public, zone: zone).ref,
                ]))
            }
            let table = parts.privateRouteTable(zone: zone)
            stack.add(table, Resource(type: "AWS::EC2::RouteTable", properties: ["VpcId": .ref(id)]))
            stack.add(parts.privateDefaultRoute(zone: zone), Resource(type: "AWS::EC2::Route", properties: [
                "RouteTableId": table.ref, "DestinationCidrBlock": "0.0.0.0/0",
                "NatGatewayId": parts.natGateway(zone: nat).ref,
            ]))
            associate(parts.subnet(.private, zone: zone), with: table, in: &stack)
            privateRouteTables.append(table.ref)
        }

        stack.add(parts.s3Endpoint, Resource(type: "AWS::EC2::VPCEndpoint", properties: [
            "VpcId": .ref(id), "VpcEndpointType": "Gateway",
            "ServiceName": .sub("com.amazonaws.${AWS::Region}.s3"),
            "RouteTableIds": .list(privateRouteTables + [parts.isolatedRouteTable.ref]),
        ]))
        addFlowLogs(in: &stack)
    }

    private func associate(_ subnet: ResourceID, with table: ResourceID, in stack: inout StackContext) {
        stack.add(subnet.part("RouteTableAssociation"), Resource(type: "AWS::EC2::SubnetRouteTableAssociation", properties: [
            "SubnetId": subnet.ref, "RouteTableId": table.ref,
        ]))
    }

    private func addFlowLogs(in stack: inout StackContext) {
        let id = logicalID
        stack.add(parts.flowLogGroup, LogRetention.logGroup([
            "LogGroupName": .string("/tenkai/\(stack.resourceName(name))/flow-logs"),
            "RetentionInDays": .int(flowLogRetentionDays),
        ], in: stack))
        stack.add(parts.flowLogRole, IAMPolicy.role(
            for: "vpc-flow-logs.amazonaws.com", policyName: "deliver-flow-logs",
            statements: [
                IAMPolicy.allow(
                    ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    on: [parts.flowLogGroup.arn])
            ]))
        stack.add(parts.flowLog, Resource(type: "AWS::EC2::FlowLog", properties: [
            "ResourceId": .ref(id), "ResourceType": "VPC", "TrafficType": "ALL",
            "LogDestinationType": "cloud-watch-logs", "LogGroupName": parts.flowLogGroup.ref,
            "DeliverLogsPermissionArn": parts.flowLogRole.arn,
        ]))
    }
}
