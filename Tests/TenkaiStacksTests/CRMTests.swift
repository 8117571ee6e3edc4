import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

@Suite("CRM system")
struct CRMTests {
    @Test("templates and manifests match the golden files in every environment")
    func goldenTemplates() throws {
        let differences = try SystemUnderTest.goldenDifferences(crm)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test("cfn-lint finds no errors and no warnings in any environment")
    func cfnLintClean() async throws {
        let findings = try await SystemUnderTest.lintFindings(crm)
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }

    @Test("every named resource is called crm-<env>-…", arguments: SystemUnderTest.environmentNames)
    func naming(environment: String) throws {
        let system = try SystemUnderTest.resolve(crm, in: environment)
        #expect(system.stacks.map(\.stackName) == ["network", "data", "app", "frontend", "monitoring"].map { "crm-\(environment)-\($0)" })
        var checked = 0
        for (_, id, resource) in SystemUnderTest.resources(of: system) {
            for key in ["ClusterName", "DBInstanceIdentifier", "AlarmName", "DashboardName", "TopicName"] {
                guard let name = resource.properties[key]?.stringValue else { continue }
                #expect(name.hasPrefix("crm-\(environment)-"), "\(id).\(key) is '\(name)'")
                checked += 1
            }
        }
        #expect(checked >= 5)
    }

    /// The containers of the one task definition, by name.
    private func containers(in environment: String) throws -> [String: Value] {
        let system = try SystemUnderTest.resolve(crm, in: environment)
        let tasks = SystemUnderTest.resources(of: system, type: "AWS::ECS::TaskDefinition")
        #expect(tasks.count == 1)
        let definitions = try #require(tasks.first?.resource.properties["ContainerDefinitions"]?.listValue)
        return Dictionary(uniqueKeysWithValues: definitions.compactMap { definition in
            definition[path: "Name"]?.stringValue.map { ($0, definition) }
        })
    }

    @Test("the five services, the migration and the database role share one task, started in dependency order")
    func oneTaskWithStartOrder() throws {
        let containers = try containers(in: "prod")
        for name in ["database-role", "migrate", "staff-api", "user-api", "inquiry-api", "gateway", "proxy"] {
            #expect(containers[name] != nil, "no container \(name)")
        }
        func waits(_ name: String) -> [String: String] {
            var result: [String: String] = [:]
            for dependency in containers[name]?[path: "DependsOn"]?.listValue ?? [] {
                if let container = dependency[path: "ContainerName"]?.stringValue {
                    result[container] = dependency[path: "Condition"]?.stringValue
                }
            }
            return result
        }
        #expect(containers["migrate"]?[path: "Essential"] == false)
        #expect(containers["database-role"]?[path: "Essential"] == false)
        #expect(waits("staff-api") == ["migrate": "SUCCESS", "database-role": "SUCCESS"])
        #expect(waits("user-api") == ["migrate": "SUCCESS", "database-role": "SUCCESS", "staff-api": "HEALTHY"])
        #expect(waits("inquiry-api") == ["migrate": "SUCCESS", "database-role": "SUCCESS", "staff-api": "HEALTHY"])
        #expect(waits("gateway") == ["staff-api": "HEALTHY", "user-api": "HEALTHY", "inquiry-api": "HEALTHY"])
        #expect(waits("proxy") == ["gateway": "HEALTHY"])
        for name in ["staff-api", "user-api", "inquiry-api", "gateway", "proxy"] {
            #expect(containers[name]?[path: "Essential"] == true, "\(name) must be essential")
        }
        let awaitedHealthy = Set(containers.keys.flatMap { name in waits(name).filter { $0.value == "HEALTHY" }.keys })
        for name in awaitedHealthy {
            #expect(containers[name]?[path: "HealthCheck.Command"] != nil, "\(name) is awaited HEALTHY but has no health check")
        }
    }

    @Test("only the JWT-checking proxy is behind the load balancer")
    func loadBalancerTargetsTheProxy() throws {
        let system = try SystemUnderTest.resolve(crm, in: "stg")
        let service = try #require(SystemUnderTest.resources(of: system, type: "AWS::ECS::Service").first?.resource)
        let targets = service.properties["LoadBalancers"]?.listValue ?? []
        #expect(targets.count == 1)
        #expect(targets.first?[path: "ContainerName"] == "proxy")
        #expect(targets.first?[path: "ContainerPort"] == 8080)
    }

    @Test("secrets reach containers from Secrets Manager, never as plain environment values",
          arguments: SystemUnderTest.environmentNames)
    func secretsStayOutOfTemplates(environment: String) throws {
        for (name, container) in try containers(in: environment) {
            let plain = (container[path: "Environment"]?.listValue ?? []).compactMap { $0[path: "Name"]?.stringValue }
            #expect(!plain.contains { $0.contains("PASSWORD") || $0.contains("KEY") || $0.contains("SECRET") }, "\(name): \(plain)")
        }
        let containers = try containers(in: environment)
        let staffSecrets = (containers["staff-api"]?[path: "Secrets"]?.listValue ?? []).compactMap { $0[path: "Name"]?.stringValue }
        #expect(Set(staffSecrets) == ["DATABASE_PASSWORD", "JWT_SIGNING_KEY"])
        let system = try SystemUnderTest.resolve(crm, in: environment)
        let app = try #require(SystemUnderTest.resources(of: system, type: "AWS::Amplify::App").first?.resource)
        #expect(app.properties["AccessToken"] == .string("{{resolve:secretsmanager:/crm/\(environment)/web-git-token:SecretString}}"))
    }

    @Test("dev is single-AZ; stg and prod run a multi-AZ database; NAT gateways per zone in stg, two in prod (Elastic IP quota)")
    func availabilityZones() throws {
        for (environment, multiAZ, expected) in [("dev", false, 1), ("stg", true, 2), ("prod", true, 2)] {
            let system = try SystemUnderTest.resolve(crm, in: environment)
            let database = try #require(SystemUnderTest.resources(of: system, type: "AWS::RDS::DBInstance").first?.resource)
            #expect(database.properties["MultiAZ"] == .bool(multiAZ), "\(environment)")
            let gateways = SystemUnderTest.resources(of: system, type: "AWS::EC2::NatGateway").count
            #expect(gateways == expected, "\(environment) has \(gateways) NAT gateways")
        }
    }

    @Test("the front end is a Next.js app on Amplify Hosting, pointed at the API")
    func frontend() throws {
        let system = try SystemUnderTest.resolve(crm, in: "prod")
        let app = try #require(SystemUnderTest.resources(of: system, type: "AWS::Amplify::App").first?.resource)
        #expect(app.properties["Platform"] == "WEB_COMPUTE")
        let variables = app.properties["EnvironmentVariables"]?.listValue ?? []
        #expect(variables.contains(["Name": "NEXT_PUBLIC_GRAPHQL_URL", "Value": "https://api.crm.example.com/graphql"]))
        let branch = try #require(SystemUnderTest.resources(of: system, type: "AWS::Amplify::Branch").first?.resource)
        #expect(branch.properties["Stage"] == "PRODUCTION")
    }

    @Test("the migration runs as the release's migration task, never when a task starts", arguments: SystemUnderTest.environmentNames)
    func migrationOutOfTaskStartUp(environment: String) throws {
        let system = try SystemUnderTest.resolve(crm, in: environment)
        let app = try #require(system.stacks.first { $0.name == "app" })
        let rendered = try #require(try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(app.template.value))) as? [String: Any])
        let resources = try #require(rendered["Resources"] as? [String: [String: Any]])
        let task = try #require(resources.values.first { $0["Type"] as? String == "AWS::ECS::TaskDefinition" })
        let containers = try #require((task["Properties"] as? [String: Any])?["ContainerDefinitions"] as? [[String: Any]])
        let migrate = try #require(containers.first { $0["Name"] as? String == "migrate" })
        // At start the container only exits 0 (the APIs still start after it); no container migrates.
        #expect(migrate["Command"] as? [String] == ["sh", "-c", "exit 0"])
        for container in containers {
            let words = (container["Command"] as? [String] ?? []) + (container["EntryPoint"] as? [String] ?? [])
            #expect(!words.contains("up") && !words.contains("--seed"), "\(container["Name"] ?? "?") migrates at start: \(words)")
        }
        // The release reads the migration and the container to run it in from the stack's outputs.
        let outputs = try #require(rendered["Outputs"] as? [String: [String: Any]])
        #expect(outputs["ApiServiceReleaseMigration"]?["Value"] as? String == #"["migrate","up","--seed"]"#)
        #expect(outputs["ApiServiceReleaseMigrationContainer"]?["Value"] as? String == "migrate")
        #expect(outputs["ApiServiceReleaseContainer"]?["Value"] as? String == "staff-api")
    }

    @Test("locally the task's containers share one network namespace and the migration runs once first")
    func composeTask() async throws {
        let (file, bytes) = try ComposeUnderTest.render(crm)
        let problems = try await ComposeUnderTest.problems(
            bytes,
            required: [
                "api-migrate=DATABASE_URL,DATABASE_PASSWORD", "api-staff-api=DATABASE_HOST,DATABASE_PASSWORD,JWT_SIGNING_KEY",
                "api-user-api=AUTH_GRPC_ADDRESS,DATABASE_HOST", "api-inquiry-api=AUTH_GRPC_ADDRESS,DATABASE_HOST",
                "api-gateway=SUBGRAPHS", "api-proxy=UPSTREAM_URL,JWT_SIGNING_KEY",
            ])
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        let migrate = try #require(file.services["api-migrate"])
        #expect(migrate.isOneShot)
        #expect(migrate.command == ["migrate", "up", "--seed"], "nothing releases locally: compose migrates at start")
        for name in ["api-staff-api", "api-user-api", "api-inquiry-api"] {
            #expect(file.services[name]?.dependsOn["api-migrate"] == .completedSuccessfully, "\(name)")
        }
        #expect(file.services["api-proxy"]?.dependsOn["api-gateway"] == .healthy)
        let members = file.services.filter { $0.key.hasPrefix("api-") && $0.key != "api-task" }
        #expect(members.count == 7)
        // The role is made first, as locally the master user: the apps wait for it and sign in as it.
        let role = try #require(file.services["api-database-role"])
        #expect(role.isOneShot)
        #expect(role.image == DatabaseRole.clientImage)
        #expect(role.environment["PGSSLMODE"] == nil, "the local database has no TLS")
        #expect(role.environment["ROLE_SQL"]?.contains("ALTER DEFAULT PRIVILEGES") == true)
        for name in ["api-staff-api", "api-user-api", "api-inquiry-api"] {
            #expect(file.services[name]?.dependsOn["api-database-role"] == .completedSuccessfully, "\(name)")
            #expect(file.services[name]?.environment["DATABASE_USER"] == "crm_app", "\(name)")
            #expect(file.services[name]?.environment["DATABASE_PASSWORD"] == role.environment["APP_ROLE_PASSWORD"], "\(name)")
        }
        #expect(members.values.allSatisfy { $0.networkMode == "service:api-task" && $0.ports.isEmpty })
        // crm is the third system: its host ports are moved by 200 so all three run side by side.
        #expect(file.services["api-task"]?.ports.contains("8280:8080") == true)
        #expect(file.services["api-staff-api"]?.environment["DATABASE_HOST"] == "main-db")
        #expect(file.services["api-staff-api"]?.image == "crm/staff-api:1.0.0")
    }
}
