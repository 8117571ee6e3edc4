import TenkaiCore

/// Prices one resource at a time: a rule per resource type that costs money, reading the
/// resource's properties and the system's usage figures. Types that are free (IAM, subnets,
/// security groups, parameters) give no lines; types without a rule are reported, never
/// silently priced at zero.
struct ResourcePricer {
    let prices: PriceSheet
    var usage: UsageFigures
    let assembly: CloudAssembly
    private(set) var pricesUsed: [String: PriceSheet.Price] = [:]
    private(set) var unpriced: Set<String> = []
    /// NAT gateways in the whole system: the NAT data figure is shared among them.
    private let natGateways: Int

    init(prices: PriceSheet, usage: UsageFigures, assembly: CloudAssembly) {
        self.prices = prices
        self.usage = usage
        self.assembly = assembly
        natGateways = assembly.stacks.reduce(0) { count, stack in
            count + stack.template.resources.values.filter { $0.type == "AWS::EC2::NatGateway" }.count
        }
    }

    /// The lines of one resource.
    mutating func price(
        _ id: String, _ resource: Resource, in template: Template, component: ComponentTree.Component
    ) throws(TenkaiError) -> [CostLine] {
        var lines = LineCollector(resource: id)
        let p = resource.properties
        let path = component.path
        let hours = usage.value(.hours, for: path)
        switch resource.type {
        case "AWS::ECS::Service":
            try fargate(p, template: template, component: component, hours: hours, into: &lines)
        case "AWS::AutoScaling::AutoScalingGroup":
            try autoScalingGroup(p, template: template, hours: hours, into: &lines)
        case "AWS::EC2::Instance":
            let type = p["InstanceType"]?.stringValue ?? "?"
            try add(&lines, "EC2 \(type)", hours, "ec2.instance.\(type)", what: "EC2 instance type \(type)")
        case "AWS::EC2::NatGateway":
            try add(&lines, "NAT gateway", hours, "vpc.natGatewayHour")
            let share = usage.value(.natDataGB, for: path) / Double(max(natGateways, 1))
            try add(&lines, "NAT data processed (share of \(natGateways))", share, "vpc.natGatewayGB")
        case "AWS::EC2::EIP":
            try add(&lines, "public IPv4 address", hours, "vpc.publicIPv4Hour")
        case "AWS::EC2::VPCEndpoint":
            if p["VpcEndpointType"]?.stringValue == "Interface" {
                let zones = Double(p["SubnetIds"]?.listValue?.count ?? 1)
                try add(&lines, "interface endpoint × \(Int(zones)) AZ", zones * hours, "vpc.interfaceEndpointHour")
            }
        case "AWS::ElasticLoadBalancingV2::LoadBalancer":
            try add(&lines, "load balancer", hours, "elb.albHour")
            try add(&lines, "capacity units", usage.value(.loadBalancerCapacityUnits, for: path) * hours, "elb.albCapacityUnitHour")
            if p["Scheme"]?.stringValue != "internal" {
                let zones = Double(p["Subnets"]?.listValue?.count ?? 2)
                try add(&lines, "public IPv4 × \(Int(zones)) AZ", zones * hours, "vpc.publicIPv4Hour")
            }
        case "AWS::RDS::DBInstance":
            try database(p, hours: hours, into: &lines)
        case "AWS::DynamoDB::Table":
            try table(p, path: path, hours: hours, into: &lines)
        case "AWS::S3::Bucket":
            try add(&lines, "S3 Standard storage", usage.value(.storedGB, for: path), "s3.standard.gbMonth")
            try add(&lines, "PUT/LIST requests", usage.value(.s3PutThousands, for: path), "s3.putThousand")
            try add(&lines, "GET requests", usage.value(.s3GetThousands, for: path), "s3.getThousand")
        case "AWS::Lambda::Function":
            let invocations = usage.value(.invocationsMillions, for: path)
            let seconds = usage.value(.functionDurationMs, for: path) / 1000
            let memory = (Self.number(p["MemorySize"]) ?? 128) / 1024
            let arm = p["Architectures"]?.listValue?.first?.stringValue == "arm64"
            try add(&lines, "invocations", invocations, "lambda.requestMillion")
            try add(
                &lines, "compute (\(Int(memory * 1024)) MB\(arm ? ", Arm" : ""))", invocations * 1_000_000 * seconds * memory,
                arm ? "lambda.arm.gbSecond" : "lambda.gbSecond")
        case "AWS::ApiGateway::RestApi":
            try add(&lines, "REST API requests", usage.value(.requestsMillions, for: path), "apigateway.rest.requestMillion")
        case "AWS::ApiGatewayV2::Api":
            try add(&lines, "HTTP API requests", usage.value(.requestsMillions, for: path), "apigateway.http.requestMillion")
        case "AWS::Cognito::UserPool":
            let free = try price("cognito.freeMau").price
            try add(&lines, "monthly active users above \(Int(free))", max(0, usage.value(.monthlyActiveUsers, for: path) - free), "cognito.mau")
        case "AWS::CloudFront::Distribution":
            try add(&lines, "data out to the internet", usage.value(.dataOutGB, for: path), "cloudfront.dataOutGB")
            try add(&lines, "HTTPS requests", usage.value(.requestsMillions, for: path) * 100, "cloudfront.httpsTenThousand")
        case "AWS::WAFv2::WebACL":
            try add(&lines, "web ACL", 1, "waf.webAclMonth")
            try add(&lines, "rules", Double(p["Rules"]?.listValue?.count ?? 0), "waf.ruleMonth")
            try add(&lines, "requests inspected", usage.value(.requestsMillions, for: path), "waf.requestMillion")
        case "AWS::Logs::LogGroup":
            let ingested = usage.value(.logsIngestedGB, for: path)
            let retention = Self.number(p["RetentionInDays"]) ?? 3653
            try add(&lines, "log ingestion", ingested, "cloudwatch.logsIngestGB")
            // In the steady state a group holds its retention period's worth of logs.
            try add(&lines, "log storage (\(Int(retention)) days kept)", ingested * retention / 30, "cloudwatch.logsStoredGBMonth")
        case "AWS::CloudWatch::Alarm":
            try add(&lines, "alarm", 1, "cloudwatch.alarmMonth")
        case "AWS::CloudWatch::Dashboard":
            try add(&lines, "dashboard", 1, "cloudwatch.dashboardMonth")
        case "AWS::GuardDuty::Detector":
            try add(&lines, "CloudTrail events analysed", usage.value(.cloudTrailEventsMillions, for: path), "guardduty.cloudTrailEventMillion")
            try add(&lines, "flow and DNS logs analysed", usage.value(.flowLogsGB, for: path), "guardduty.logsGB")
        case "AWS::SecurityHub::Hub":
            try add(&lines, "security checks", usage.value(.securityChecks, for: path), "securityhub.check")
        case "AWS::Config::ConfigurationRecorder":
            try add(&lines, "configuration items recorded", usage.value(.configItems, for: path), "config.item")
        case "AWS::KMS::Key":
            try add(&lines, "customer managed key", 1, "kms.keyMonth")
            try add(&lines, "requests", usage.value(.kmsRequestsThousands, for: path) / 10, "kms.requestTenThousand")
        case "AWS::SecretsManager::Secret":
            try add(&lines, "secret", 1, "secretsmanager.secretMonth")
            try add(&lines, "API calls", usage.value(.secretCallsThousands, for: path) / 10, "secretsmanager.callTenThousand")
        case "AWS::Route53::HostedZone":
            try add(&lines, "hosted zone", 1, "route53.hostedZoneMonth")
            try add(&lines, "queries", usage.value(.dnsQueriesMillions, for: path), "route53.queryMillion")
        case "AWS::ECR::Repository":
            try add(&lines, "image storage", usage.value(.imageStoredGB, for: path), "ecr.gbMonth")
        case "AWS::Backup::BackupPlan":
            try add(&lines, "backup storage", usage.value(.backupStoredGB, for: path), "backup.warmGBMonth")
        case "AWS::Amplify::App":
            try add(&lines, "build minutes", usage.value(.buildMinutes, for: path), "amplify.buildMinute")
            try add(&lines, "hosting data served", usage.value(.hostingServedGB, for: path), "amplify.servedGB")
        case "AWS::CodeBuild::Project":
            try add(&lines, "build minutes", usage.value(.pipelineBuildMinutes, for: path), "codebuild.linuxSmallMinute")
        case "AWS::CodePipeline::Pipeline":
            try add(&lines, "action execution minutes", usage.value(.pipelineBuildMinutes, for: path), "codepipeline.actionMinute")
        default:
            if !Self.isFree(resource.type) { unpriced.insert("\(resource.type) (\(component.stack)/\(id))") }
        }
        return lines.lines
    }

    // MARK: - Rules that read more than one resource

    /// Fargate tasks: the service's count (the autoscaling minimum when it scales), its task
    /// definition's CPU and memory, and the share of Fargate Spot in its capacity providers.
    private mutating func fargate(
        _ p: Fields, template: Template, component: ComponentTree.Component, hours: Double, into lines: inout LineCollector
    ) throws(TenkaiError) {
        var tasks = Self.number(p["DesiredCount"]) ?? 1
        for resource in component.resources where resource.type == "AWS::ApplicationAutoScaling::ScalableTarget" {
            if let minimum = Self.number(template.resources[resource.logicalID]?.properties["MinCapacity"]) { tasks = minimum }
        }
        guard let definitionID = p["TaskDefinition"]?.referencedLogicalID,
              let definition = template.resources[definitionID]?.properties,
              let cpu = Self.number(definition["Cpu"]), let memory = Self.number(definition["Memory"]) else { return }
        let arm = definition["RuntimePlatform"]?[path: "CpuArchitecture"]?.stringValue == "ARM64"
        var spotWeight = 0.0, totalWeight = 0.0
        for entry in p["CapacityProviderStrategy"]?.listValue ?? [] {
            let weight = Self.number(entry[path: "Weight"]) ?? 0
            totalWeight += weight
            if entry[path: "CapacityProvider"]?.stringValue == "FARGATE_SPOT" { spotWeight += weight }
        }
        let spot = totalWeight > 0 ? spotWeight / totalWeight : 0
        let vcpu = cpu / 1024, gb = memory / 1024
        let size = "\(tasks.formatted) task\(tasks == 1 ? "" : "s") × \(vcpu.formatted) vCPU/\(gb.formatted) GB"
        if spot < 1 {
            let share = 1 - spot
            try add(&lines, "Fargate vCPU, \(size)", tasks * share * vcpu * hours, arm ? "fargate.arm.vcpuHour" : "fargate.vcpuHour")
            try add(&lines, "Fargate memory", tasks * share * gb * hours, arm ? "fargate.arm.gbHour" : "fargate.gbHour")
        }
        if spot > 0 {
            try add(&lines, "Fargate Spot vCPU, \(size)", tasks * spot * vcpu * hours, "fargateSpot.vcpuHour")
            try add(&lines, "Fargate Spot memory", tasks * spot * gb * hours, "fargateSpot.gbHour")
        }
    }

    /// App servers: the group's desired (or minimum) count of its launch template's instance
    /// type, and each instance's EBS volumes.
    private mutating func autoScalingGroup(_ p: Fields, template: Template, hours: Double, into lines: inout LineCollector) throws(TenkaiError) {
        let count = Self.number(p["DesiredCapacity"]) ?? Self.number(p["MinSize"]) ?? 1
        guard let launchID = p["LaunchTemplate"]?[path: "LaunchTemplateId"]?.referencedLogicalID,
              let data = template.resources[launchID]?.properties["LaunchTemplateData"] else { return }
        let type = data[path: "InstanceType"]?.stringValue ?? "?"
        try add(&lines, "EC2 \(type) × \(count.formatted)", count * hours, "ec2.instance.\(type)", what: "EC2 instance type \(type)")
        let volumes = (data[path: "BlockDeviceMappings"]?.listValue ?? []).compactMap { Self.number($0[path: "Ebs"]?[path: "VolumeSize"]) }
        let gigabytes = volumes.isEmpty ? 8 : volumes.reduce(0, +)
        try add(&lines, "EBS gp3 \(gigabytes.formatted) GB × \(count.formatted)", count * gigabytes, "ebs.gp3.gbMonth")
    }

    private mutating func database(_ p: Fields, hours: Double, into lines: inout LineCollector) throws(TenkaiError) {
        let engine = p["Engine"]?.stringValue ?? "postgres"
        let instanceClass = p["DBInstanceClass"]?.stringValue ?? "?"
        let multiAZ = p["MultiAZ"]?.boolValue ?? false
        let copies = multiAZ ? 2.0 : 1.0
        let storage = Self.number(p["AllocatedStorage"]) ?? 20
        let deployment = multiAZ ? "Multi-AZ" : "Single-AZ"
        try add(
            &lines, "RDS \(engine) \(instanceClass), \(deployment)", copies * hours, "rds.instance.\(engine).\(instanceClass)",
            what: "RDS \(engine) instance class \(instanceClass)")
        try add(&lines, "storage gp3 \(storage.formatted) GB, \(deployment)", copies * storage, "rds.storage.gp3.gbMonth")
        let retention = Self.number(p["BackupRetentionPeriod"]) ?? 1
        // Automated backups up to the provisioned storage are free; the estimate assumes no more.
        try add(&lines, "automated backups (\(retention.formatted) days), within the free allowance", 0, "rds.backup.gbMonth")
        if p["ManageMasterUserPassword"]?.boolValue == true {
            try add(&lines, "managed master password secret", 1, "secretsmanager.secretMonth")
        }
    }

    private mutating func table(_ p: Fields, path: String, hours: Double, into lines: inout LineCollector) throws(TenkaiError) {
        let indexes = p["GlobalSecondaryIndexes"]?.listValue ?? []
        let stored = usage.value(.tableStoredGB, for: path)
        if p["BillingMode"]?.stringValue == "PAY_PER_REQUEST" {
            // Every write is written again to each global secondary index.
            let writes = usage.value(.tableWritesMillions, for: path) * Double(1 + indexes.count)
            try add(&lines, "on-demand writes (table + \(indexes.count) index\(indexes.count == 1 ? "" : "es"))", writes, "dynamodb.onDemand.writeMillion")
            try add(&lines, "on-demand reads", usage.value(.tableReadsMillions, for: path), "dynamodb.onDemand.readMillion")
        } else {
            let throughputs = [p["ProvisionedThroughput"]] + indexes.map { $0[path: "ProvisionedThroughput"] }
            let writeUnits = throughputs.compactMap { Self.number($0?[path: "WriteCapacityUnits"]) }.reduce(0, +)
            let readUnits = throughputs.compactMap { Self.number($0?[path: "ReadCapacityUnits"]) }.reduce(0, +)
            try add(&lines, "provisioned \(writeUnits.formatted) WCU", writeUnits * hours, "dynamodb.provisioned.wcuHour")
            try add(&lines, "provisioned \(readUnits.formatted) RCU", readUnits * hours, "dynamodb.provisioned.rcuHour")
        }
        try add(&lines, "table storage", stored * Double(1 + indexes.count), "dynamodb.storage.gbMonth")
        if p["PointInTimeRecoverySpecification"]?[path: "PointInTimeRecoveryEnabled"]?.boolValue == true {
            try add(&lines, "point-in-time recovery", stored, "dynamodb.pitr.gbMonth")
        }
    }

    // MARK: - Helpers

    private mutating func price(_ key: String, what: String? = nil) throws(TenkaiError) -> PriceSheet.Price {
        let price = try prices.price(key, for: what ?? key)
        pricesUsed[key] = price
        return price
    }

    private mutating func add(
        _ lines: inout LineCollector, _ item: String, _ quantity: Double, _ key: String, what: String? = nil
    ) throws(TenkaiError) {
        let price = try price(key, what: what)
        lines.lines.append(
            CostLine(resource: lines.resource, item: item, quantity: quantity, unit: price.unit, unitPrice: price.price, priceKey: key))
    }

    static func number(_ value: Value?) -> Double? {
        switch value {
        case .int(let number)?: Double(number)
        case .double(let number)?: number
        case .string(let text)?: Double(text)
        default: nil
        }
    }

    /// Types that cost nothing by themselves (their cost, if any, is priced on another resource).
    static func isFree(_ type: String) -> Bool {
        if type.hasPrefix("AWS::IAM::") || type.hasPrefix("AWS::ApplicationAutoScaling::") { return true }
        return freeTypes.contains(type)
    }

    private static let freeTypes: Set<String> = [
        "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress",
        "AWS::EC2::SecurityGroupEgress", "AWS::EC2::FlowLog", "AWS::EC2::LaunchTemplate",
        "AWS::AutoScaling::ScalingPolicy", "AWS::AutoScaling::LifecycleHook",
        "AWS::ECS::Cluster", "AWS::ECS::TaskDefinition", "AWS::ElasticLoadBalancingV2::TargetGroup",
        "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::ListenerRule",
        "AWS::S3::BucketPolicy", "AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "AWS::SNS::Subscription", "AWS::SSM::Parameter",
        "AWS::CertificateManager::Certificate", "AWS::RDS::DBSubnetGroup", "AWS::RDS::DBParameterGroup",
        "AWS::Lambda::Permission", "AWS::Lambda::Version", "AWS::Lambda::Alias",
        "AWS::ApiGateway::Method", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage",
        "AWS::ApiGateway::Authorizer", "AWS::ApiGateway::Account", "AWS::ApiGateway::GatewayResponse",
        "AWS::Cognito::UserPoolClient", "AWS::Cognito::UserPoolDomain", "AWS::WAFv2::LoggingConfiguration",
        "AWS::WAFv2::WebACLAssociation", "AWS::KMS::Alias", "AWS::Config::DeliveryChannel", "AWS::SecurityHub::Standard",
        "AWS::Budgets::Budget", "AWS::Chatbot::SlackChannelConfiguration", "AWS::CloudFormation::CustomResource",
        "AWS::Route53::RecordSet", "AWS::Amplify::Branch", "AWS::Amplify::Domain", "AWS::Backup::BackupVault",
        "AWS::Backup::BackupSelection", "AWS::CloudTrail::Trail", "AWS::Logs::ResourcePolicy", "AWS::Logs::SubscriptionFilter",
        "AWS::SSM::Document", "AWS::SSM::Association",
        "AWS::CodeBuild::ReportGroup", "AWS::CodeConnections::Connection", "AWS::CodeStarNotifications::NotificationRule",
    ]
}

/// The lines of the resource being priced.
struct LineCollector {
    let resource: String
    var lines: [CostLine] = []
}

extension Double {
    /// `2` for 2.0, `0.5` for 0.5: counts and sizes as a person writes them.
    var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : fixed(2)
    }
}
