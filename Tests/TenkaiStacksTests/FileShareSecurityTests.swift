import Foundation
import Testing
import TestSupport

/// Security properties of the rendered templates: what an auditor would check, read from the
/// JSON that deploys rather than from the Swift that produced it.
@Suite struct FileShareSecurityTests {
    static let environments = FileShareFixtures.environmentNames

    @Test(arguments: environments)
    func bucketsAreEncryptedAndBlockPublicAccess(environment: String) throws {
        var buckets = 0
        for stack in FileShareFixtures.stackNames(in: environment) {
            let template = try FileShareFixtures.rendered(stack, in: environment)
            for (id, properties, resource) in template.resources(ofType: "AWS::S3::Bucket") {
                buckets += 1
                let block = properties["PublicAccessBlockConfiguration"] as? [String: Bool] ?? [:]
                #expect(block.count == 4 && block.values.allSatisfy { $0 }, "\(environment)/\(id) public access block")
                let rules = (properties["BucketEncryption"] as? [String: Any])?["ServerSideEncryptionConfiguration"] as? [[String: Any]]
                #expect(rules?.isEmpty == false, "\(environment)/\(id) has no encryption")
                let policy = template.properties(id + "Policy")["PolicyDocument"] as? [String: Any]
                let statements = policy?["Statement"] as? [[String: Any]] ?? []
                #expect(statements.contains { $0["Sid"] as? String == "DenyInsecureTransport" }, "\(environment)/\(id) allows plain HTTP")
                if environment == "prod" {
                    #expect(resource["DeletionPolicy"] as? String == "Retain", "\(environment)/\(id) not retained")
                }
            }
        }
        #expect(buckets >= 3)
    }

    @Test func filesBucketUsesKMSInProductionOnly() throws {
        for environment in Self.environments {
            let files = try FileShareFixtures.rendered("data", in: environment).properties("FilesBucket")
            let encryption = files["BucketEncryption"] as? [String: Any]
            let rule = (encryption?["ServerSideEncryptionConfiguration"] as? [[String: Any]])?.first
            let algorithm = (rule?["ServerSideEncryptionByDefault"] as? [String: Any])?["SSEAlgorithm"] as? String
            #expect(algorithm == (environment == "prod" ? "aws:kms" : "AES256"), "\(environment)")
            #expect(files["LoggingConfiguration"] != nil, "\(environment): files bucket has no access logs")
            #expect(files["CorsConfiguration"] != nil)
        }
    }

    @Test(arguments: environments)
    func databaseIsPrivateEncryptedAndSizedPerEnvironment(environment: String) throws {
        let data = try FileShareFixtures.rendered("data", in: environment)
        let databases = data.resources(ofType: "AWS::RDS::DBInstance")
        try #require(databases.count == 1)
        let (_, db, resource) = databases[0]
        let production = environment == "prod"
        #expect(db["Engine"] as? String == "postgres")
        #expect(db["StorageEncrypted"] as? Bool == true)
        #expect(db["PubliclyAccessible"] as? Bool == false)
        #expect(db["ManageMasterUserPassword"] as? Bool == true)
        #expect(db["MasterUserPassword"] == nil)
        #expect(db["MultiAZ"] as? Bool == (environment != "dev"))
        #expect(db["BackupRetentionPeriod"] as? Int == (production ? 30 : 7))
        #expect(db["DeletionProtection"] as? Bool == production)
        #expect(db["EnablePerformanceInsights"] as? Bool == true)
        #expect((db["KmsKeyId"] != nil) == production)
        #expect(resource["DeletionPolicy"] as? String == (production ? "Snapshot" : "Delete"))
        // In the isolated subnets, and reachable only from the service's security group.
        let subnets = data.properties("MainDatabaseSubnetGroup")["SubnetIds"] as? [[String: String]] ?? []
        #expect(!subnets.isEmpty && subnets.allSatisfy { $0["Fn::ImportValue"]?.contains("IsolatedSubnet") == true })
        let group = data.properties("MainDatabaseSecurityGroup")
        #expect(group["SecurityGroupIngress"] == nil)
        let app = try FileShareFixtures.rendered("app", in: environment)
        let ingress = app.resources(ofType: "AWS::EC2::SecurityGroupIngress").filter {
            ($0.properties["GroupId"] as? [String: String])?["Fn::ImportValue"]?.hasSuffix("MainDatabaseSecurityGroupGroupId") == true
        }
        try #require(ingress.count == 1)
        #expect(ingress[0].properties["FromPort"] as? Int == 5432)
        #expect(ingress[0].properties["CidrIp"] == nil)
        #expect((ingress[0].properties["SourceSecurityGroupId"] as? [String: [String]])?["Fn::GetAtt"]?.first == "WebServiceSecurityGroup")
        // TLS is required by the parameter group.
        let parameters = data.properties("MainDatabaseParameterGroup")["Parameters"] as? [String: String]
        #expect(parameters?["rds.force_ssl"] == "1")
    }

    @Test(arguments: environments)
    func iamPoliciesNameTheirActionsAndResources(environment: String) throws {
        let unscoped: Set<String> = [
            "ecr:GetAuthorizationToken", "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
            "xray:GetSamplingTargets", "inspector2:Enable", "inspector2:BatchGetAccountStatus",
            // The pipeline's image release (`tenkai release`): IAM takes only `*` for these.
            "ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition",
            "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetHealth",
        ]
        var checked = 0
        for stack in FileShareFixtures.stackNames(in: environment) {
            // What a role is allowed; a Deny (the pipeline's guard around the prod gate) may be as broad as it likes.
            for (id, statement) in iamStatements(in: try FileShareFixtures.rendered(stack, in: environment)) where statement["Effect"] as? String != "Deny" {
                checked += 1
                let actions = oneOrMany(statement["Action"]).compactMap { $0 as? String }
                #expect(!actions.isEmpty && actions.allSatisfy { !$0.contains("*") }, "\(environment)/\(id): \(actions)")
                let resources = oneOrMany(statement["Resource"])
                if resources.contains(where: { $0 as? String == "*" }) {
                    #expect(actions.allSatisfy(unscoped.contains), "\(environment)/\(id) allows \(actions) on *")
                }
            }
        }
        #expect(checked > 10)
    }

    @Test func taskRoleMayUseExactlyTheFilesBucket() throws {
        let app = try FileShareFixtures.rendered("app", in: "prod")
        let statements = iamStatements(in: app).filter { $0.id == "WebServiceTaskRole" }.map(\.statement)
        let s3 = statements.filter { oneOrMany($0["Action"]).contains { ($0 as? String)?.hasPrefix("s3:") == true } }
        #expect(s3.count == 2)
        for statement in s3 {
            let resource = oneOrMany(statement["Resource"]).first
            #expect("\(resource ?? "")".contains("fileshare-prod-data-FilesBucketArn"), "\(statement)")
        }
        let kms = statements.first { oneOrMany($0["Action"]).contains { $0 as? String == "kms:GenerateDataKey" } }
        #expect(kms != nil, "prod files are KMS-encrypted, so the task needs the data key")
    }

    @Test(arguments: environments)
    func nothingFacesTheInternetAndOnlyCloudFrontReachesTheOrigin(environment: String) throws {
        var open: [String] = []
        var fromCloudFront: [String] = []
        for stack in FileShareFixtures.stackNames(in: environment) {
            let template = try FileShareFixtures.rendered(stack, in: environment)
            for (id, properties, _) in template.resources(ofType: "AWS::EC2::SecurityGroup") {
                for rule in properties["SecurityGroupIngress"] as? [[String: Any]] ?? [] where rule["CidrIp"] as? String == "0.0.0.0/0" {
                    open.append("\(id):\(rule["FromPort"] as? Int ?? -1)")
                }
                for rule in properties["SecurityGroupIngress"] as? [[String: Any]] ?? [] where rule["SourcePrefixListId"] != nil {
                    // ap-northeast-1's ID of com.amazonaws.global.cloudfront.origin-facing.
                    #expect(rule["SourcePrefixListId"] as? String == "pl-58a04531")
                    fromCloudFront.append("\(id):\(rule["FromPort"] as? Int ?? -1)")
                }
            }
            for (id, properties, _) in template.resources(ofType: "AWS::EC2::SecurityGroupIngress") {
                #expect(properties["CidrIp"] == nil && properties["CidrIpv6"] == nil, "\(id) opens to an address range")
            }
        }
        #expect(open.isEmpty, "open to the internet: \(open)")
        // HTTPS only: the prefix list weighs 55 of a group's 60 inbound rules, and CloudFront
        // reaches the origin over HTTPS (https-only origin protocol policy).
        #expect(fromCloudFront == ["WebLoadBalancerSecurityGroup:443"])
    }

    @Test(arguments: environments)
    func everyLogGroupHasTheEnvironmentsRetention(environment: String) throws {
        let expected = ["dev": 14, "stg": 30, "prod": 365][environment]!
        var groups = 0
        for stack in FileShareFixtures.stackNames(in: environment) {
            for (id, properties, _) in try FileShareFixtures.rendered(stack, in: environment).resources(ofType: "AWS::Logs::LogGroup") {
                groups += 1
                #expect(properties["RetentionInDays"] as? Int == expected, "\(environment)/\(id)")
            }
        }
        #expect(groups >= 5)
    }

    @Test(arguments: environments)
    func containersRunLockedDownWithSecretsInjected(environment: String) throws {
        let app = try FileShareFixtures.rendered("app", in: environment)
        let task = app.properties("WebServiceTaskDefinition")
        let containers = task["ContainerDefinitions"] as? [[String: Any]] ?? []
        // The app and its migration container: it sends no traces, so there is no X-Ray sidecar to receive them.
        try #require(containers.compactMap { $0["Name"] as? String } == ["app", "migrate"])
        for container in containers {
            #expect(container["ReadonlyRootFilesystem"] as? Bool == true)
            let user = container["User"] as? String ?? "root"
            #expect(user != "root" && !user.hasPrefix("0"), "\(container["Name"] ?? "") runs as \(user)")
        }
        let appContainer = try #require(containers.first { $0["Name"] as? String == "app" })
        let environmentNames = (appContainer["Environment"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String }
        for name in ["DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME", "DB_IAM_AUTH", "DB_USER", "FILES_BUCKET", "AWS_REGION"] {
            #expect(environmentNames.contains(name), "missing \(name)")
        }
        #expect(!environmentNames.contains { $0.contains("PASSWORD") || $0.contains("SECRET") })
        let secrets = appContainer["Secrets"] as? [[String: Any]] ?? []
        #expect(Set(secrets.compactMap { $0["Name"] as? String }) == ["JWT_SECRET", "LOG_LEVEL"])
        let service = app.properties("WebService")
        let network = (service["NetworkConfiguration"] as? [String: Any])?["AwsvpcConfiguration"] as? [String: Any]
        #expect(network?["AssignPublicIp"] as? String == "DISABLED")
        let strategy = (service["CapacityProviderStrategy"] as? [[String: Any]])?.first?["CapacityProvider"] as? String
        #expect(strategy == (environment == "prod" ? "FARGATE" : "FARGATE_SPOT"))
        let scaling = app.properties("WebServiceScalableTarget")
        let expected = ["dev": (1, 2), "stg": (2, 4), "prod": (3, 12)][environment]!
        #expect(scaling["MinCapacity"] as? Int == expected.0 && scaling["MaxCapacity"] as? Int == expected.1)
    }

    @Test(arguments: environments)
    func loadBalancerServesModernTLSOnlyAndLogs(environment: String) throws {
        let app = try FileShareFixtures.rendered("app", in: environment)
        let https = app.properties("WebLoadBalancerHttpsListener")
        #expect(https["Protocol"] as? String == "HTTPS")
        #expect((https["SslPolicy"] as? String)?.hasPrefix("ELBSecurityPolicy-TLS13-1-2") == true)
        #expect(app.resources["WebLoadBalancerHttpListener"] == nil, "only CloudFront connects, over HTTPS")
        let attributes = app.properties("WebLoadBalancer")["LoadBalancerAttributes"] as? [[String: Any]] ?? []
        func attribute(_ key: String) -> Any? { attributes.first { $0["Key"] as? String == key }?["Value"] }
        #expect(attribute("routing.http.drop_invalid_header_fields.enabled") as? String == "true")
        #expect(attribute("access_logs.s3.enabled") as? String == "true")
        #expect(attribute("deletion_protection.enabled") as? String == (environment == "prod" ? "true" : "false"))
        #expect(app.resources(ofType: "AWS::ElasticLoadBalancingV2::TargetGroup").count == 2)
        #expect(app.resources(ofType: "AWS::WAFv2::WebACLAssociation").count == 1)
    }

    @Test(arguments: environments)
    func webACLsBlockInjectionAndBadInputsAndRateLimit(environment: String) throws {
        for (stack, scope) in [("app", "REGIONAL"), ("edge-global", "CLOUDFRONT")] {
            let acls = try FileShareFixtures.rendered(stack, in: environment).resources(ofType: "AWS::WAFv2::WebACL")
            try #require(acls.count == 1)
            let acl = acls[0].properties
            #expect(acl["Scope"] as? String == scope)
            let rules = acl["Rules"] as? [[String: Any]] ?? []
            let names = Set(rules.compactMap { $0["Name"] as? String })
            for group in ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                          "AWSManagedRulesAmazonIpReputationList", "rate-limit"] {
                #expect(names.contains(group), "\(stack) lacks \(group)")
            }
        }
    }

    @Test(arguments: environments)
    func distributionIsHTTPSOnlyWithModernTLSAndFirewall(environment: String) throws {
        let edge = try FileShareFixtures.rendered("edge", in: environment)
        let config = edge.properties("WebDistribution")["DistributionConfig"] as? [String: Any] ?? [:]
        let certificate = config["ViewerCertificate"] as? [String: Any]
        #expect(certificate?["MinimumProtocolVersion"] as? String == "TLSv1.2_2021")
        #expect((config["DefaultCacheBehavior"] as? [String: Any])?["ViewerProtocolPolicy"] as? String == "https-only")
        let origin = ((config["Origins"] as? [[String: Any]])?.first?["CustomOriginConfig"]) as? [String: Any]
        #expect(origin?["OriginProtocolPolicy"] as? String == "https-only")
        #expect(config["WebACLId"] != nil)
        #expect(config["Logging"] != nil)
    }

    @Test func natGatewaysFollowTheEnvironment() throws {
        // prod: two gateways for three zones, so fileshare and crm stay within 5 Elastic IPs.
        for (environment, expected) in [("dev", 1), ("stg", 2), ("prod", 2)] {
            let network = try FileShareFixtures.rendered("network", in: environment)
            #expect(network.resources(ofType: "AWS::EC2::NatGateway").count == expected, "\(environment)")
            #expect(network.resources(ofType: "AWS::EC2::FlowLog").count == 1)
            #expect(network.resources(ofType: "AWS::EC2::VPCEndpoint").count == 1)
            for (id, subnet, _) in network.resources(ofType: "AWS::EC2::Subnet") {
                #expect(subnet["MapPublicIpOnLaunch"] as? Bool == false, "\(id)")
            }
        }
    }

    @Test(arguments: environments)
    func securityBaselineIsOnAndCloudTrailWhereAsked(environment: String) throws {
        let security = try FileShareFixtures.rendered("security", in: environment)
        for type in ["AWS::GuardDuty::Detector", "AWS::SecurityHub::Hub", "AWS::SecurityHub::Standard",
                     "AWS::Config::ConfigurationRecorder", "AWS::Config::DeliveryChannel", "AWS::CloudFormation::CustomResource"] {
            #expect(security.resources(ofType: type).count == 1, "\(environment) lacks \(type)")
        }
        #expect(security.resources(ofType: "AWS::CloudTrail::Trail").count == (environment == "prod" ? 1 : 0))
    }

    @Test func alarmsNotifySlackOnlyWhereTheEnvironmentNamesIt() throws {
        for environment in Self.environments {
            let monitoring = try FileShareFixtures.rendered("monitoring", in: environment)
            let alarms = monitoring.resources(ofType: "AWS::CloudWatch::Alarm")
            #expect(alarms.count == 8, "\(environment)")
            for (id, alarm, _) in alarms {
                #expect((alarm["AlarmActions"] as? [Any])?.count == 1, "\(id)")
            }
            let slack = monitoring.resources(ofType: "AWS::Chatbot::SlackChannelConfiguration")
            #expect(slack.count == (environment == "prod" ? 1 : 0))
            #expect(monitoring.resources(ofType: "AWS::CloudWatch::Dashboard").count == 1)
        }
    }
}
