import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

@Suite("Stamp rally system")
struct StampRallyTests {
    @Test("templates and manifests match the golden files in every environment")
    func goldenTemplates() throws {
        let differences = try SystemUnderTest.goldenDifferences(stampRally)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test("cfn-lint finds no errors and no warnings in any environment")
    func cfnLintClean() async throws {
        let findings = try await SystemUnderTest.lintFindings(stampRally)
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }

    @Test("every named resource is called stamp-rally-<env>-…", arguments: SystemUnderTest.environmentNames)
    func naming(environment: String) throws {
        let system = try SystemUnderTest.resolve(stampRally, in: environment)
        #expect(system.stacks.map(\.stackName) == ["alerts", "data", "auth", "api"].map { "stamp-rally-\(environment)-\($0)" })
        var checked = 0
        for (_, id, resource) in SystemUnderTest.resources(of: system) {
            for key in SystemUnderTest.nameProperties {
                guard let name = resource.properties[key]?.stringValue, resource.type != "AWS::SSM::Parameter" else { continue }
                let bare = name.split(separator: "/").last.map(String.init) ?? name
                #expect(bare.hasPrefix("stamp-rally-\(environment)-"), "\(id).\(key) is '\(name)'")
                checked += 1
            }
        }
        #expect(checked > 20)
        for (_, id, resource) in SystemUnderTest.resources(of: system, type: "AWS::SSM::Parameter") {
            let name = try #require(resource.properties["Name"]?.stringValue)
            #expect(name.hasPrefix("/stamp-rally/\(environment)/"), "\(id) is named '\(name)'")
        }
    }

    @Test("tables are on-demand, encrypted, point-in-time recoverable, and protected in stg and prod",
          arguments: SystemUnderTest.environmentNames)
    func tables(environment: String) throws {
        let system = try SystemUnderTest.resolve(stampRally, in: environment)
        let tables = SystemUnderTest.resources(of: system, type: "AWS::DynamoDB::Table")
        #expect(tables.map(\.id) == ["StampMastersTable", "UserStampsTable", "UsersTable"])
        // The document asks for a production-equivalent staging: protected there too.
        let production = environment != "dev"
        for (_, id, table) in tables {
            let properties = Value.map(table.properties)
            #expect(properties[path: "BillingMode"] == "PAY_PER_REQUEST", "\(id)")
            #expect(properties[path: "SSESpecification.SSEEnabled"] == true, "\(id)")
            #expect(properties[path: "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled"] == true, "\(id)")
            #expect(properties[path: "DeletionProtectionEnabled"] == .bool(production), "\(id)")
            #expect(table.deletionPolicy == (production ? .retain : .delete), "\(id)")
            #expect(properties[path: "GlobalSecondaryIndexes"]?.listValue?.isEmpty == false, "\(id) has no index")
        }
    }

    @Test("AWS Backup covers the tables in staging and production, and not in development")
    func backups() throws {
        for environment in SystemUnderTest.environmentNames {
            let system = try SystemUnderTest.resolve(stampRally, in: environment)
            let selections = SystemUnderTest.resources(of: system, type: "AWS::Backup::BackupSelection")
            if environment == "dev" {
                #expect(selections.isEmpty)
                continue
            }
            let selection = try #require(selections.first?.resource)
            let selected = Value.map(selection.properties)[path: "BackupSelection.Resources"]?.listValue ?? []
            #expect(Set(selected.compactMap(\.referencedLogicalID)) == ["UserStampsTable", "StampMastersTable", "UsersTable"])
        }
    }

    @Test("IAM grants nothing on '*' except actions IAM cannot scope, and never a wildcard action",
          arguments: SystemUnderTest.environmentNames)
    func leastPrivilege(environment: String) throws {
        let system = try SystemUnderTest.resolve(stampRally, in: environment)
        let statements = SystemUnderTest.policyStatements(of: system)
        #expect(statements.count > 20)
        for (id, statement) in statements where statement["Effect"] == "Allow" {
            let actions = SystemUnderTest.strings(statement["Action"])
            #expect(!actions.contains { $0 == "*" || $0.hasSuffix(":*") }, "\(id) allows \(actions)")
            if SystemUnderTest.strings(statement["Resource"]).contains("*") {
                #expect(actions.allSatisfy(Self.unscopedActions.contains), "\(id) allows \(actions) on '*'")
            }
        }
    }

    /// Actions IAM has no resource types for, per the Service Authorization Reference.
    private static let unscopedActions: Set<String> = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "rekognition:DetectLabels"]

    @Test("only the collect-stamp function may call Rekognition, and only DetectLabels")
    func rekognition() throws {
        let system = try SystemUnderTest.resolve(stampRally, in: "prod")
        let rekognition = SystemUnderTest.policyStatements(of: system).filter { _, statement in
            SystemUnderTest.strings(statement["Action"]).contains { $0.hasPrefix("rekognition:") }
        }
        #expect(rekognition.map(\.id) == ["CollectStampFunctionRole"])
        #expect(rekognition.flatMap { SystemUnderTest.strings($0.statement["Action"]) } == ["rekognition:DetectLabels"])
    }

    @Test("each function's role reaches only the tables its code uses")
    func functionsReachOnlyTheirTables() throws {
        let system = try SystemUnderTest.resolve(stampRally, in: "stg")
        let expected: [String: Set<String>] = [
            "CollectStampFunctionRole": ["UserStampsTable", "StampMastersTable"],
            "ListStampsFunctionRole": ["UserStampsTable"],
            "ListSpotsFunctionRole": ["StampMastersTable"],
            "UploadUrlFunctionRole": [],
            "ProfileFunctionRole": ["UsersTable"],
        ]
        for (role, tables) in expected {
            let statements = SystemUnderTest.policyStatements(of: system).filter { $0.id == role }
            var reached: Set<String> = []
            for (_, statement) in statements where SystemUnderTest.strings(statement["Action"]).contains(where: { $0.hasPrefix("dynamodb:") }) {
                Value.map(statement).forEach { value in
                    if let id = Self.tableID(in: value) { reached.insert(id) }
                }
            }
            #expect(reached == tables, "\(role) reaches \(reached)")
        }
    }

    /// The table a value points at: `Fn::ImportValue` of its export, a `GetAtt`, or `Fn::Sub` variables.
    private static func tableID(in value: Value) -> String? {
        if case .function("Fn::ImportValue", .string(let export)) = value {
            return ["UserStampsTable", "StampMastersTable", "UsersTable"].first { export.contains("-\($0)Arn") }
        }
        return nil
    }

    @Test("functions trace with X-Ray and log to their own group with the environment's retention",
          arguments: SystemUnderTest.environmentNames)
    func functionsObservability(environment: String) throws {
        let system = try SystemUnderTest.resolve(stampRally, in: environment)
        let written = try #require(try SystemUnderTest.environment(environment).systems["stamp-rally"]?["logRetentionDays"])
        guard case .scalar(let text, true, _) = written, let retention = Int(text) else {
            Issue.record("\(environment): logRetentionDays is not a plain number")
            return
        }
        let api = try #require(system.stack(named: "api")?.template)
        let functions = SystemUnderTest.resources(of: system, type: "AWS::Lambda::Function")
        #expect(functions.count == 5)
        for (_, id, function) in functions {
            let properties = Value.map(function.properties)
            #expect(properties[path: "TracingConfig.Mode"] == "Active", "\(id)")
            let group = try #require(properties[path: "LoggingConfig.LogGroup"]?.referencedLogicalID)
            #expect(api.resources[group]?.properties["RetentionInDays"] == .int(retention), "\(id)")
            #expect(properties[path: "Code.S3Key"]?.stringValue?.hasSuffix(".zip") == true)
        }
    }

    @Test("the API signs callers in with Cognito, logs access, throttles, and has a 5xx alarm")
    func apiProtection() throws {
        let system = try SystemUnderTest.resolve(stampRally, in: "prod")
        let methods = SystemUnderTest.resources(of: system, type: "AWS::ApiGateway::Method")
        let publicMethods = methods.filter { $0.resource.properties["AuthorizationType"] == "NONE" }.map(\.id)
        #expect(publicMethods.allSatisfy { $0.hasSuffix("OptionsMethod") || $0 == "ApiRestApiRalliesRallyIdSpotsGetMethod" })
        #expect(methods.filter { $0.resource.properties["AuthorizationType"] == "COGNITO_USER_POOLS" }.count == 5)
        let stage = try #require(SystemUnderTest.resources(of: system, type: "AWS::ApiGateway::Stage").first?.resource)
        let properties = Value.map(stage.properties)
        #expect(properties[path: "AccessLogSetting.DestinationArn"]?.referencedLogicalID == "ApiRestApiAccessLogGroup")
        let settings = try #require(properties[path: "MethodSettings"]?.listValue?.first)
        #expect(settings[path: "ThrottlingRateLimit"] == .double(200))
        #expect(settings[path: "ThrottlingBurstLimit"] == 400)
        #expect(stage.dependsOn == ["ApiLoggingAccount"])
        let alarms = SystemUnderTest.resources(of: system, type: "AWS::CloudWatch::Alarm").map(\.resource)
        let metrics = Set(alarms.compactMap { $0.properties["MetricName"]?.stringValue })
        #expect(metrics == ["5XXError", "Errors", "Throttles", "ReadThrottleEvents", "WriteThrottleEvents"])
    }

    @Test("the channel secret is a SecureString named in an output, never a value in a template")
    func secretStaysOutOfTemplates() throws {
        for environment in SystemUnderTest.environmentNames {
            let system = try SystemUnderTest.resolve(stampRally, in: environment)
            let parameters = SystemUnderTest.resources(of: system, type: "AWS::SSM::Parameter")
            #expect(parameters.allSatisfy { $0.resource.properties["Type"] == "String" })
            #expect(!parameters.contains { $0.id.contains("Secret") })
            let api = try #require(system.stack(named: "api")?.template)
            let output = try #require(api.outputs["LineChannelSecretParameterName"])
            #expect(output.value == .string("/stamp-rally/\(environment)/line-channel-secret"))
            #expect(output.description?.contains("put-parameter --type SecureString") == true)
        }
    }

    @Test("a monthly budget warns the alerts topic, which budgets and alarms may publish to")
    func budget() throws {
        let system = try SystemUnderTest.resolve(stampRally, in: "prod")
        let budget = try #require(SystemUnderTest.resources(of: system, type: "AWS::Budgets::Budget").first?.resource)
        #expect(Value.map(budget.properties)[path: "Budget.BudgetLimit.Amount"] == .double(600))
        let policy = try #require(SystemUnderTest.resources(of: system, type: "AWS::SNS::TopicPolicy").first?.resource)
        let services = Value.map(policy.properties)[path: "PolicyDocument"]?[path: "Statement"]?.listValue?.first?[path: "Principal.Service"]
        #expect(services == ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"])
    }
}
