import Foundation
import TenkaiCore
import TenkaiCost
import Testing

/// Estimates of small assemblies whose totals are worked out by hand in each test.
@Suite struct CostEstimatorTests {
    static let appTemplate = """
        {"Resources": {
          "WebService": {"Type": "AWS::ECS::Service", "Properties": {"DesiredCount": 5, "TaskDefinition": {"Ref": "WebTask"},
            "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1}, {"CapacityProvider": "FARGATE_SPOT", "Weight": 3}]}},
          "WebTask": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Cpu": "1024", "Memory": "2048"}},
          "WebScaling": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"MinCapacity": 2, "MaxCapacity": 8}},
          "WebRole": {"Type": "AWS::IAM::Role", "Properties": {}},
          "WebLogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 60}},
          "Nat1": {"Type": "AWS::EC2::NatGateway", "Properties": {}},
          "Nat2": {"Type": "AWS::EC2::NatGateway", "Properties": {}}
        }}
        """

    static let appComponents = [
        ComponentTree.Component(
            path: "shop/app/web", kinds: ["Service"], stack: "app",
            resources: [
                .init(logicalID: "WebService", type: "AWS::ECS::Service"), .init(logicalID: "WebTask", type: "AWS::ECS::TaskDefinition"),
                .init(logicalID: "WebScaling", type: "AWS::ApplicationAutoScaling::ScalableTarget"),
                .init(logicalID: "WebRole", type: "AWS::IAM::Role"), .init(logicalID: "WebLogGroup", type: "AWS::Logs::LogGroup"),
            ]),
        ComponentTree.Component(
            path: "shop/app/main", kinds: ["Network"], stack: "app",
            resources: [.init(logicalID: "Nat1", type: "AWS::EC2::NatGateway"), .init(logicalID: "Nat2", type: "AWS::EC2::NatGateway")]),
    ]

    @Test func fargateUsesTheScalingMinimumAndSplitsSpotByWeight() throws {
        let assembly = try CostFixtures.assembly(stacks: [("app", Self.appTemplate)], components: Self.appComponents)
        let sheet = CostFixtures.sheet([
            "fargate.vcpuHour": 0.04, "fargate.gbHour": 0.005, "fargateSpot.vcpuHour": 0.01, "fargateSpot.gbHour": 0.001,
            "cloudwatch.logsIngestGB": 0.5, "cloudwatch.logsStoredGBMonth": 0.03,
            "vpc.natGatewayHour": 0.06, "vpc.natGatewayGB": 0.05,
        ])
        let cost = try CostEstimator(prices: sheet).estimate(assembly)
        let web = try #require(cost.components.first { $0.name == "web" })
        // 2 tasks (the scaling minimum, not DesiredCount 5) × 730 h; a quarter on-demand, three quarters Spot.
        // on-demand: 2 × 0.25 × 730 × (1 vCPU × 0.04 + 2 GB × 0.005) = 365 × 0.05 = 18.25
        // Spot:      2 × 0.75 × 730 × (1 × 0.01 + 2 × 0.001)        = 1095 × 0.012 = 13.14
        // logs: 1 GB ingested × 0.5 + 1 GB × 60/30 kept × 0.03 = 0.5 + 0.06 = 0.56
        #expect(abs(web.monthly - (18.25 + 13.14 + 0.56)) < 1e-9)
        let network = try #require(cost.components.first { $0.name == "main" })
        // 2 gateways × 730 h × 0.06 = 87.6; the 20 GB default split between them: 20 × 0.05 = 1.0
        #expect(abs(network.monthly - 88.6) < 1e-9)
        #expect(abs(cost.monthly - (31.95 + 88.6)) < 1e-9)
        #expect(cost.unpriced.isEmpty)
        #expect(cost.assumptions.map(\.name).contains("natDataGB"))
        #expect(cost.assumptions.allSatisfy { $0.origin == .default })
    }

    static let dataTemplate = """
        {"Resources": {
          "MainDatabase": {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "postgres", "DBInstanceClass": "db.t4g.micro",
            "AllocatedStorage": "50", "MultiAZ": true, "BackupRetentionPeriod": 7, "ManageMasterUserPassword": true}},
          "OrdersTable": {"Type": "AWS::DynamoDB::Table", "Properties": {"BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [{"IndexName": "by-user"}],
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}}},
          "FilesBucket": {"Type": "AWS::S3::Bucket", "Properties": {}},
          "Resize": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 512, "Architectures": ["arm64"]}},
          "Mystery": {"Type": "AWS::Timestream::Database", "Properties": {}}
        }}
        """

    static let dataComponents = [
        ComponentTree.Component(path: "shop/data/main", kinds: ["Database"], stack: "data", resources: [.init(logicalID: "MainDatabase", type: "AWS::RDS::DBInstance")]),
        ComponentTree.Component(path: "shop/data/orders", kinds: ["Table"], stack: "data", resources: [.init(logicalID: "OrdersTable", type: "AWS::DynamoDB::Table")]),
        ComponentTree.Component(path: "shop/data/files", kinds: ["Bucket"], stack: "data", resources: [.init(logicalID: "FilesBucket", type: "AWS::S3::Bucket")]),
        ComponentTree.Component(path: "shop/data/resize", kinds: ["Function"], stack: "data", resources: [.init(logicalID: "Resize", type: "AWS::Lambda::Function")]),
    ]

    static let usageYAML = CostFixtures.environmentYAML + """
        systems:
          shop:
            usage:
              tableWritesMillions: 2
              tableReadsMillions: 10
              tableStoredGB: 4
              storedGB.files: 100
              s3PutThousands: 0
              s3GetThousands: 0
              invocationsMillions: 3
              functionDurationMs: 100

        """

    @Test func databaseTableBucketAndFunctionFollowTheirPropertiesAndTheEnvironmentsUsage() throws {
        let assembly = try CostFixtures.assembly(stacks: [("data", Self.dataTemplate)], components: Self.dataComponents, environment: Self.usageYAML)
        let sheet = CostFixtures.sheet([
            "rds.instance.postgres.db.t4g.micro": 0.02, "rds.storage.gp3.gbMonth": 0.1, "secretsmanager.secretMonth": 0.4,
            "dynamodb.onDemand.writeMillion": 0.5, "dynamodb.onDemand.readMillion": 0.1, "dynamodb.storage.gbMonth": 0.25,
            "dynamodb.pitr.gbMonth": 0.2, "s3.standard.gbMonth": 0.025, "lambda.requestMillion": 0.2, "lambda.arm.gbSecond": 0.00001,
        ])
        let cost = try CostEstimator(prices: sheet).estimate(assembly)
        func monthly(_ name: String) throws -> Double { try #require(cost.components.first { $0.name == name }).monthly }
        // Multi-AZ doubles hours and storage: 2 × 730 × 0.02 = 29.2; 2 × 50 × 0.1 = 10; the managed secret 0.4.
        #expect(abs(try monthly("main") - 39.6) < 1e-9)
        // writes go to the table and its one index: 2 × 2 × 0.5 = 2; reads 10 × 0.1 = 1;
        // storage 4 GB × 2 (table + index) × 0.25 = 2; PITR 4 × 0.2 = 0.8
        #expect(abs(try monthly("orders") - 5.8) < 1e-9)
        // only `files` stores 100 GB (storedGB.files): 100 × 0.025 = 2.5; no requests
        #expect(abs(try monthly("files") - 2.5) < 1e-9)
        // 3 M invocations × 0.2 = 0.6; 3e6 × 0.1 s × 0.5 GB = 150,000 GB-s × 0.00001 = 1.5
        #expect(abs(try monthly("resize") - 2.1) < 1e-9)
        #expect(cost.unpriced == ["AWS::Timestream::Database (data/Mystery)"])
        let stored = try #require(cost.assumptions.first { $0.name == "storedGB.files" })
        #expect(stored.origin == .environment && stored.value == 100 && stored.usedBy == ["shop/data/files"])
    }

    @Test func anInstanceClassMissingFromTheSheetIsAnErrorNamingTheKeyToAdd() throws {
        let template = #"{"Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "postgres", "DBInstanceClass": "db.x9.huge"}}}}"#
        let assembly = try CostFixtures.assembly(
            stacks: [("data", template)],
            components: [.init(path: "shop/data/db", kinds: ["Database"], stack: "data", resources: [.init(logicalID: "Db", type: "AWS::RDS::DBInstance")])])
        let error = #expect(throws: TenkaiError.self) { try CostEstimator(prices: CostFixtures.sheet([:])).estimate(assembly) }
        #expect(error?.message.contains("rds.instance.postgres.db.x9.huge") == true)
    }

    @Test func aSheetForAnotherRegionIsRefused() throws {
        let assembly = try CostFixtures.assembly(stacks: [("app", Self.appTemplate)], components: Self.appComponents)
        var sheet = CostFixtures.sheet([:])
        sheet.region = "us-east-1"
        let error = #expect(throws: TenkaiError.self) { try CostEstimator(prices: sheet).estimate(assembly) }
        #expect(error?.code == .usage)
    }

    @Test func aDiffShowsTheChangedComponentsAndTheTotalChange() throws {
        let sheet = CostFixtures.sheet(["vpc.natGatewayHour": 0.06, "vpc.natGatewayGB": 0])
        let before = try CostEstimator(prices: sheet).estimate(try CostFixtures.assembly(stacks: [("app", Self.appTemplate)], components: Self.appComponents))
        let oneNat = Self.appTemplate.replacingOccurrences(of: #""Nat2": {"Type": "AWS::EC2::NatGateway", "Properties": {}}"#, with: #""Other": {"Type": "AWS::EC2::VPC", "Properties": {}}"#)
        var components = Self.appComponents
        components[1].resources = [.init(logicalID: "Nat1", type: "AWS::EC2::NatGateway")]
        let after = try CostEstimator(prices: sheet).estimate(try CostFixtures.assembly(stacks: [("app", oneNat)], components: components))
        let table = CostComparison.diff(before: before, after: after)
        // One gateway fewer: 730 × 0.06 = 43.80 less; the web service did not change and is not listed.
        #expect(table.rows.count == 2)
        #expect(table.rows[0][2] == "main" && table.rows[0][6] == "-43.80")
        #expect(table.rows[1][6].hasPrefix("-43.80"))
        #expect(table.title.contains("-43.80"))
    }
}
