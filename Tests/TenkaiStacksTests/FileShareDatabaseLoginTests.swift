import Foundation
import Testing
import Tenkai
import TenkaiCore
@testable import TenkaiStacks

/// FileShare signs in to RDS as its own role with IAM tokens; only the migration container holds
/// the master password (which RDS rotates every 7 days), and nothing rotates that secret but RDS.
@Suite struct FileShareDatabaseLoginTests {
    static func containers(in environment: String) throws -> [String: [String: Any]] {
        let app = try FileShareFixtures.rendered("app", in: environment)
        let definitions = app.properties("WebServiceTaskDefinition")["ContainerDefinitions"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: definitions.map { ($0["Name"] as? String ?? "?", $0) })
    }

    static func environment(_ container: [String: Any]) -> [String: String] {
        let pairs = (container["Environment"] as? [[String: Any]] ?? []).compactMap { entry -> (String, String)? in
            guard let name = entry["Name"] as? String else { return nil }
            return (name, entry["Value"] as? String ?? "<computed>")
        }
        return Dictionary(uniqueKeysWithValues: pairs)
    }

    static func secretNames(_ container: [String: Any]) -> [String] {
        (container["Secrets"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String }
    }

    @Test(arguments: FileShareFixtures.environmentNames)
    func theAppSignsInWithIAMAsItsOwnRoleAndHoldsNoDatabasePassword(environment: String) throws {
        let app = try #require(try Self.containers(in: environment)["app"])
        let variables = Self.environment(app)
        #expect(variables["DB_IAM_AUTH"] == "1")
        #expect(variables["DB_USER"] == "fileshare_app")
        #expect(variables["DATABASE_USER"] == nil, "the master user's name is the migration's only")
        #expect(!Self.secretNames(app).contains("DATABASE_PASSWORD"))
        let dependsOn = app["DependsOn"] as? [[String: String]] ?? []
        #expect(dependsOn.contains(["ContainerName": "migrate", "Condition": "SUCCESS"]))
    }

    @Test(arguments: FileShareFixtures.environmentNames)
    func theMigrationContainerRunsAsTheMasterUserAndCreatesTheAppRole(environment: String) throws {
        let containers = try Self.containers(in: environment)
        let migrate = try #require(containers["migrate"])
        #expect(migrate["Command"] as? [String] == ["migrate"])
        #expect(migrate["Essential"] as? Bool == false)
        let variables = Self.environment(migrate)
        #expect(variables["DB_APP_USER"] == "fileshare_app")
        #expect(variables["DB_IAM_AUTH"] == nil)
        #expect(Self.secretNames(migrate) == ["DATABASE_PASSWORD"])
        let password = (migrate["Secrets"] as? [[String: Any]])?.first?["ValueFrom"]
        #expect(String(describing: password).contains("MasterUserSecret"), "the RDS-managed master secret")
        // Both run the image a release sets: one parameter, so a release moves them together.
        #expect(try JSONSerialization.data(withJSONObject: migrate["Image"] as Any) == JSONSerialization.data(withJSONObject: containers["app"]?["Image"] as Any))
        let app = try FileShareFixtures.rendered("app", in: environment)
        #expect(app.parameters.keys.filter { $0.hasPrefix("WebService") }.sorted() == ["WebServiceAppImage", "WebServiceAppImageTag"])
        #expect(app.outputs["WebServiceReleaseMigrationContainer"]?["Value"] as? String == "migrate")
    }

    @Test(arguments: FileShareFixtures.environmentNames)
    func theTaskRoleMayConnectAsExactlyTheAppRoleOfThisDatabase(environment: String) throws {
        let app = try FileShareFixtures.rendered("app", in: environment)
        let connects = iamStatements(in: app).filter { oneOrMany($0.statement["Action"]).contains { ($0 as? String)?.hasPrefix("rds-db:") == true } }
        #expect(connects.map(\.id) == ["WebServiceTaskRole"])
        let statement = try #require(connects.first?.statement)
        #expect(oneOrMany(statement["Action"]) as? [String] == ["rds-db:connect"])
        let resources = oneOrMany(statement["Resource"])
        #expect(resources.count == 1)
        let sub = try #require((resources.first as? [String: Any])?["Fn::Sub"] as? [Any])
        #expect(sub.first as? String == "arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${ResourceId}/fileshare_app")
        let variables = try #require(sub.last as? [String: Any])
        #expect((variables["ResourceId"] as? [String: String])?["Fn::ImportValue"] == "fileshare-\(environment)-data-MainDatabaseDbiResourceId")
        let data = try FileShareFixtures.rendered("data", in: environment)
        let export = data.outputs["MainDatabaseDbiResourceId"]?["Value"] as? [String: [String]]
        #expect(export == ["Fn::GetAtt": ["MainDatabase", "DbiResourceId"]])
    }

    @Test(arguments: FileShareFixtures.environmentNames)
    func theDatabaseTakesIAMLoginsAndRDSAloneRotatesItsMasterSecret(environment: String) throws {
        let data = try FileShareFixtures.rendered("data", in: environment)
        let database = data.properties("MainDatabase")
        #expect(database["EnableIAMDatabaseAuthentication"] as? Bool == true)
        #expect(database["ManageMasterUserPassword"] as? Bool == true)
        for stack in FileShareFixtures.stackNames(in: environment) {
            let template = try FileShareFixtures.rendered(stack, in: environment)
            #expect(template.resources(ofType: "AWS::SecretsManager::RotationSchedule").isEmpty, "\(stack)")
            #expect(template.resources(ofType: "AWS::Lambda::Function").filter { $0.id.lowercased().contains("rotation") }.isEmpty, "\(stack)")
            #expect(template.root["Transform"] == nil, "no AWS::SecretsManager transform (hosted rotation Lambdas) in \(stack)")
        }
    }

    @Test func aRotationScheduleOnAnRDSManagedSecretIsAnError() {
        let net = Network("main", availabilityZones: 2)
        let db = Database("main", engine: .postgres("16.9"), in: net)
        let rotation = RawResource("rotation", type: "AWS::SecretsManager::RotationSchedule", properties: [
            "SecretId": db.masterSecretArn.value,
            "HostedRotationLambda": ["RotationType": "PostgreSQLSingleUser"],
            "RotationRules": ["AutomaticallyAfterDays": 30],
        ])
        let found = RuleTestSupport.violations(of: .managedSecretRotation, [net, db, rotation])
        #expect(found.count == 1)
        #expect(found.first?.message.contains("RDS-managed master secret") == true)
        let other = GeneratedSecret("api-key")
        let ownRotation = RawResource("own", type: "AWS::SecretsManager::RotationSchedule", properties: [
            "SecretId": other.arn.value, "RotationRules": ["AutomaticallyAfterDays": 30],
        ])
        #expect(RuleTestSupport.violations(of: .managedSecretRotation, [other, ownRotation]).isEmpty)
    }

    @Test func aRotationScheduleInAnotherStackIsCaughtThroughItsImport() throws {
        let net = Network("main", availabilityZones: 2)
        let db = Database("main", engine: .postgres("16.9"), in: net)
        let rotation = RawResource("rotation", type: "AWS::SecretsManager::RotationSchedule", properties: [
            "SecretId": db.masterSecretArn.value, "RotationRules": ["AutomaticallyAfterDays": 30],
        ])
        let system = System("ruletest") { _ in
            Stack("data") { net; db }
            Stack("ops") { rotation }
        }
        var diagnostics: [Diagnostic] = []
        do {
            diagnostics = try Resolver.resolve(system, in: RuleTestSupport.environment(production: false)).diagnostics
        } catch {
            diagnostics = error.diagnostics
        }
        #expect(diagnostics.contains { $0.severity == .error && $0.message.hasPrefix("[managed-secret-rotation]") && $0.componentPath == "ruletest/ops/rotation" },
                "\(diagnostics)")
    }

    @Test(arguments: ["Fileshare_App", "tenkai_admin", "rds_iam", "app-user", "9app"])
    func aLoginAsARoleThatIsNotPlainOrIsTheMasterIsAnError(user: String) {
        let net = Network("main", availabilityZones: 2)
        let db = Database("main", engine: .postgres("16.9"), in: net)
        let images = Repository("images")
        let service = Service("web", in: net) {
            Container("app", image: .repository(images)) { DatabaseLogin(db, user: user) }
        }
        let found = RuleTestSupport.diagnostics([net, db, images, service])
        #expect(found.contains { $0.severity == .error && $0.message.contains("as '\(user)', which is not a plain role name") })
    }

    @Test func composeLeavesTheIAMLoginOutAndSignsInWithTheLocalPassword() throws {
        let file = try ComposeUnderTest.render(fileShare).file
        let names = file.services.values.flatMap { Array($0.environment.keys) }
        #expect(!names.contains("DB_IAM_AUTH") && !names.contains("DB_USER") && !names.contains("DB_APP_USER"))
        let urls = file.services.values.compactMap { $0.environment["DATABASE_URL"] }
        #expect(urls.count >= 2, "the app and its migration container both reach the local database")
    }
}
