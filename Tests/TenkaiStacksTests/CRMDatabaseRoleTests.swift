import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// The CRM's apps sign in as their own role `crm_app` with a secret of their own; the master
/// secret (which RDS rotates every 7 days, while ECS injects secrets only at task start) is held
/// only by the one-shot role container and the migration. The SQL itself runs against a real
/// PostgreSQL in DatabaseRoleSQLTests.
@Suite struct CRMDatabaseRoleTests {
    static let apps = ["staff-api", "user-api", "inquiry-api"]

    static func containers(in environment: String) throws -> [String: Value] {
        let system = try SystemUnderTest.resolve(crm, in: environment)
        let definitions = try #require(
            SystemUnderTest.resources(of: system, type: "AWS::ECS::TaskDefinition").first?.resource.properties["ContainerDefinitions"]?.listValue)
        return Dictionary(uniqueKeysWithValues: definitions.compactMap { definition in definition[path: "Name"]?.stringValue.map { ($0, definition) } })
    }

    static func secrets(_ container: Value) -> [String: String] {
        var result: [String: String] = [:]
        for secret in container[path: "Secrets"]?.listValue ?? [] {
            result[secret[path: "Name"]?.stringValue ?? "?"] = String(describing: secret[path: "ValueFrom"])
        }
        return result
    }

    static func environment(_ container: Value) -> [String: String] {
        var result: [String: String] = [:]
        for variable in container[path: "Environment"]?.listValue ?? [] {
            result[variable[path: "Name"]?.stringValue ?? "?"] = variable[path: "Value"]?.stringValue ?? "(reference)"
        }
        return result
    }

    @Test("only the role container and the migration hold the master secret", arguments: SystemUnderTest.environmentNames)
    func masterSecretHolders(environment: String) throws {
        let containers = try Self.containers(in: environment)
        let holders = containers.filter { _, container in Self.secrets(container).values.contains { $0.contains("MasterUserSecret") } }
        #expect(Set(holders.keys) == ["database-role", "migrate"])
        let role = try #require(containers["database-role"])
        #expect(Self.secrets(role)["PGPASSWORD"]?.contains("MasterUserSecret") == true)
        #expect(Self.secrets(role)["APP_ROLE_PASSWORD"]?.contains("DatabaseAppPassword") == true)
        #expect(Self.environment(role)["PGUSER"] == "tenkai_admin")
        let migrate = try #require(containers["migrate"])
        #expect(Self.environment(migrate)["DATABASE_USER"] == "tenkai_admin", "the migration owns the schema")
    }

    @Test("the apps sign in as crm_app with the app secret, after the role container succeeded", arguments: SystemUnderTest.environmentNames)
    func appsUseTheirOwnRole(environment: String) throws {
        let containers = try Self.containers(in: environment)
        for name in Self.apps {
            let app = try #require(containers[name])
            #expect(Self.environment(app)["DATABASE_USER"] == "crm_app", "\(name)")
            let password = try #require(Self.secrets(app)["DATABASE_PASSWORD"], "\(name)")
            #expect(password.contains("DatabaseAppPassword") && !password.contains("MasterUserSecret"), "\(name): \(password)")
            let waits = (app[path: "DependsOn"]?.listValue ?? []).map { "\($0[path: "ContainerName"]?.stringValue ?? ""):\($0[path: "Condition"]?.stringValue ?? "")" }
            #expect(waits.contains("database-role:SUCCESS"), "\(name): \(waits)")
        }
    }

    @Test("the role container runs the library's SQL with the public psql image, over TLS, once", arguments: SystemUnderTest.environmentNames)
    func roleContainer(environment: String) throws {
        let role = try #require(try Self.containers(in: environment)["database-role"])
        #expect(role[path: "Image"]?.stringValue == DatabaseRole.clientImage)
        #expect(role[path: "Essential"] == false)
        let variables = Self.environment(role)
        #expect(variables["PGSSLMODE"] == "require", "RDS forces TLS")
        let script = try #require(variables["ROLE_SQL"])
        // Exactly the SQL DatabaseRoleSQLTests runs against PostgreSQL, for the CRM's names.
        let db = Database("main", engine: .postgres("16.9"), in: Network("main", availabilityZones: 2), databaseName: "crm")
        let library = DatabaseRole(db, user: "crm_app", password: .databasePassword("database-app-password"), schemas: ["staff", "users", "inquiries"])
        #expect(script == library.script)
        #expect(script.contains("\\getenv app_password APP_ROLE_PASSWORD"))
        #expect(script.contains("ALTER DEFAULT PRIVILEGES FOR ROLE \"tenkai_admin\" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \"crm_app\""))
        #expect(script.contains("'staff', 'users', 'inquiries'"))
        #expect(!script.contains("CREATEROLE PASSWORD") || script.contains("NOCREATEROLE"))
        let command = (role[path: "Command"]?.listValue ?? []).compactMap(\.stringValue)
        #expect(command.first == "sh" && command.last?.contains("psql -X -q -v ON_ERROR_STOP=1 -f -") == true)
    }

    @Test("the app password is a generated secret that nothing rotates", arguments: SystemUnderTest.environmentNames)
    func appSecretHasNoRotation(environment: String) throws {
        let system = try SystemUnderTest.resolve(crm, in: environment)
        let secrets = SystemUnderTest.resources(of: system, type: "AWS::SecretsManager::Secret")
        let app = try #require(secrets.first { $0.id.contains("DatabaseAppPassword") })
        #expect(app.resource.properties["GenerateSecretString"]?[path: "PasswordLength"] == 64)
        #expect(SystemUnderTest.resources(of: system, type: "AWS::SecretsManager::RotationSchedule").isEmpty)
    }

    @Test("a role name that is not plain is an error naming the container")
    func rejectsBadRoleName() throws {
        let network = Network("main", availabilityZones: 2)
        let db = Database("main", engine: .postgres("16.9"), in: network)
        let role = DatabaseRole(db, user: "App-Role; DROP", password: .databasePassword("p"), schemas: ["staff"])
        let found = RuleTestSupport.diagnostics([network, db, role.password, Service("api", in: network) {
            role.container
            Container("app", image: .registry("example/app:1")) { role.ready }
        }])
        #expect(found.contains { $0.message.contains("database-role") && $0.message.contains("App-Role; DROP") }, "\(found.map(\.message))")
    }
}
