import Testing
import Tenkai
import TenkaiCore

/// Each rule of the built-in rule set catches a violating component (naming its path), and
/// leaves the compliant version alone.
@Suite struct RuleSetTests {
    @Test func encryptionAtRestCatchesAnUnencryptedDatabaseAndBucket() {
        let database = RawResource("plain-db", type: "AWS::RDS::DBInstance", properties: [
            "Engine": "postgres", "DBInstanceClass": "db.t4g.micro", "StorageEncrypted": false,
        ])
        let bucket = RawResource("plain-bucket", type: "AWS::S3::Bucket")
        let found = RuleTestSupport.violations(of: .encryptionAtRest, [database, bucket])
        #expect(Set(found.compactMap(\.componentPath)) == ["ruletest/main/plain-db", "ruletest/main/plain-bucket"])
        #expect(found.allSatisfy { $0.hint?.contains("suppress") == true })
        #expect(RuleTestSupport.violations(of: .encryptionAtRest, [Bucket("files")]).isEmpty)
    }

    @Test func publicBucketCatchesOpenSettingsAndPoliciesForEveryone() {
        let open = RawResource("open", type: "AWS::S3::Bucket", properties: [
            "BucketEncryption": ["ServerSideEncryptionConfiguration": [["ServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"]]]],
            "PublicAccessBlockConfiguration": [
                "BlockPublicAcls": true, "BlockPublicPolicy": false, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
            ],
        ])
        let policy = RawResource("open-policy", type: "AWS::S3::BucketPolicy", properties: [
            "Bucket": "somebody-elses-bucket",
            "PolicyDocument": [
                "Version": "2012-10-17",
                "Statement": [["Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x/*"]],
            ],
        ])
        let found = RuleTestSupport.violations(of: .publicBucket, [open, policy])
        #expect(found.contains { $0.componentPath == "ruletest/main/open" && $0.message.contains("BlockPublicPolicy") })
        #expect(found.contains { $0.componentPath == "ruletest/main/open-policy" })
        #expect(RuleTestSupport.violations(of: .publicBucket, [Bucket("files")]).isEmpty)
    }

    @Test func iamWildcardCatchesWildcardActionsAndResources() {
        func role(_ name: String, actions: [Value], resource: Value) -> RawResource {
            RawResource(name, type: "AWS::IAM::Role", properties: [
                "AssumeRolePolicyDocument": IAMPolicy.trust("ecs-tasks.amazonaws.com"),
                "Policies": [
                    ["PolicyName": "p", "PolicyDocument": IAMPolicy.document([["Effect": "Allow", "Action": .list(actions), "Resource": resource]])]
                ],
            ])
        }
        let found = RuleTestSupport.violations(of: .iamWildcard, [
            role("any-s3", actions: ["s3:*"], resource: "arn:aws:s3:::files"),
            role("any-resource", actions: ["s3:GetObject"], resource: "*"),
            role("tracing", actions: ["xray:PutTraceSegments"], resource: "*"),
        ])
        #expect(Set(found.compactMap(\.componentPath)) == ["ruletest/main/any-s3", "ruletest/main/any-resource"])
    }

    @Test func openSecurityGroupAllowsOnlyALoadBalancersWebPorts() {
        func group(_ name: String, port: Int) -> RawResource {
            RawResource(name, type: "AWS::EC2::SecurityGroup", properties: [
                "GroupDescription": "test", "VpcId": "vpc-1",
                "SecurityGroupIngress": [["IpProtocol": "tcp", "FromPort": .int(port), "ToPort": .int(port), "CidrIp": "0.0.0.0/0"]],
            ])
        }
        let balancer = RawResource("balancer", type: "AWS::ElasticLoadBalancingV2::LoadBalancer", properties: [
            "Subnets": ["subnet-1", "subnet-2"], "SecurityGroups": [.getAtt("BalancerGroup", "GroupId")],
        ])
        let found = RuleTestSupport.violations(of: .openSecurityGroup, [
            group("balancer-group", port: 443), balancer, group("ssh", port: 22), group("not-a-balancer", port: 443),
        ])
        #expect(Set(found.compactMap(\.componentPath)) == ["ruletest/main/ssh", "ruletest/main/not-a-balancer"])
        #expect(found.contains { $0.message.contains("Ssh is open to the world on tcp 22-22") })
    }

    @Test func logRetentionCatchesLogGroupsKeptForever() {
        let forever = RawResource("forever", type: "AWS::Logs::LogGroup")
        let kept = RawResource("kept", type: "AWS::Logs::LogGroup", properties: ["RetentionInDays": 30])
        let found = RuleTestSupport.violations(of: .logRetention, [forever, kept])
        #expect(found.map(\.componentPath) == ["ruletest/main/forever"])
    }

    @Test func deletionProtectionAppliesInProductionOnly() {
        let database = RawResource("orders", type: "AWS::RDS::DBInstance", properties: [
            "Engine": "postgres", "DBInstanceClass": "db.t4g.micro", "StorageEncrypted": true,
        ])
        let scratch = Bucket("scratch").retained(false)
        let inProduction = RuleTestSupport.violations(of: .deletionProtection, [database, scratch], production: true)
        #expect(inProduction.contains { $0.componentPath == "ruletest/main/orders" && $0.message.contains("DeletionProtection") })
        #expect(inProduction.contains { $0.componentPath == "ruletest/main/orders" && $0.message.contains("DeletionPolicy") })
        #expect(inProduction.contains { $0.componentPath == "ruletest/main/scratch" })
        #expect(RuleTestSupport.violations(of: .deletionProtection, [database, scratch]).isEmpty)
        let protected = Database("main", engine: .postgres("16.9"), in: Network("main", availabilityZones: 2))
        #expect(RuleTestSupport.violations(of: .deletionProtection, [Network("main", availabilityZones: 2), protected], production: true).isEmpty)
    }

    @Test func theStandardSetHasOneRulePerDocumentedCheck() {
        #expect(RuleSet.standard.rules.map(\.id).sorted() == [
            .bootGrace, .deletionProtection, .encryptionAtRest, .globalName, .iamWildcard, .logRetention, .managedSecretRotation,
            .openSecurityGroup, .publicBucket,
        ])
    }

    /// Production log groups outlive their stacks (removal and replacement alike); components' do.
    @Test func productionLogGroupsAreRetainedOnDeleteAndReplace() {
        let forgetful = RawResource("audit-logs", type: "AWS::Logs::LogGroup", properties: ["RetentionInDays": 365])
        let problems = RuleTestSupport.violations(of: .deletionProtection, [forgetful], production: true)
        #expect(problems.contains { $0.message.contains("DeletionPolicy") })
        #expect(problems.contains { $0.message.contains("UpdateReplacePolicy") })
        #expect(RuleTestSupport.violations(of: .deletionProtection, [forgetful]).isEmpty)
        let network = Network("main", availabilityZones: 1)
        #expect(RuleTestSupport.violations(of: .deletionProtection, [network], production: true).isEmpty)
    }

    /// A bucket name without the account ID is somebody else's bucket sooner or later.
    @Test func globalNameCatchesFixedBucketNames() {
        let fixed = RawResource("shared", type: "AWS::S3::Bucket", properties: ["BucketName": "fileshare-prod-logs"])
        let subWithoutAccount = RawResource("regional", type: "AWS::S3::Bucket", properties: [
            "BucketName": .sub("fileshare-prod-logs-${AWS::Region}")
        ])
        let violations = RuleTestSupport.violations(of: .globalName, [fixed, subWithoutAccount])
        #expect(violations.compactMap(\.componentPath).sorted() == ["ruletest/main/regional", "ruletest/main/shared"])
        let unnamed = RawResource("anonymous", type: "AWS::S3::Bucket")
        #expect(RuleTestSupport.violations(of: .globalName, [Bucket("files"), unnamed]).isEmpty)
    }
}
