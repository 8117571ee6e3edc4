import ArgumentParser
import Foundation
import Tenkai
@testable import TenkaiCLI
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

@Suite("Compose files")
struct ComposeTests {
    @Test("every system renders a compose file that passes the schema and dependency checks",
          arguments: allSystems.map(\.name))
    func everySystemValidates(system name: String) async throws {
        let system = try #require(allSystems.first { $0.name == name })
        let (file, bytes) = try ComposeUnderTest.render(system)
        #expect(!file.services.isEmpty)
        let problems = try await ComposeUnderTest.problems(bytes)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        if let difference = ComposeUnderTest.goldenDifference(bytes, system: name) { Issue.record("\(difference)") }
    }

    @Test("the fileshare app is built from its Dockerfile and gets every variable it reads, wired like the cloud")
    func fileShareWiring() async throws {
        let (file, bytes) = try ComposeUnderTest.render(fileShare)
        let problems = try await ComposeUnderTest.problems(
            bytes,
            required: ["web-app=DATABASE_URL,FILES_BUCKET,JWT_SECRET,AWS_REGION,S3_ENDPOINT,HOST,PORT,LOG_LEVEL", "web-migrate=DATABASE_URL,DATABASE_PASSWORD"])
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The task's two containers: the app starts once its migration container has succeeded.
        let web = try #require(file.services["web-app"])
        #expect(web.dependsOn["web-migrate"] == .completedSuccessfully)
        #expect(web.environment["PUBLIC_URL"] == "http://localhost:8080")
        #expect(web.build == .init(context: "../../..", dockerfile: "Sources/FileShareServer/Dockerfile"))
        #expect(web.environment["LOG_LEVEL"] == "debug")
        #expect(web.environment["FILES_BUCKET"] == "fileshare-local-files")
        #expect(web.dependsOn["storage-setup"] == .completedSuccessfully)
        let database = try #require(web.dependsOn.first { $0.value == .healthy }?.key)
        #expect(file.services[database]?.image?.hasPrefix("postgres:") == true)
        #expect(file.services[database]?.healthcheck != nil)
        #expect(file.volumes.contains("\(database)-data"))
        #expect(web.environment["DATABASE_URL"] == "postgres://tenkai_admin:local-only-password@\(database):5432/fileshare")
    }

    @Test("every set-up script is valid shell", arguments: allSystems.map(\.name))
    func setupScriptsParse(system name: String) async throws {
        let system = try #require(allSystems.first { $0.name == name })
        let (file, _) = try ComposeUnderTest.render(system)
        for (service, definition) in file.services where definition.entrypoint == ["sh", "-c"] {
            let script = try #require(definition.command.first)
            let result = try await runProcess(URL(fileURLWithPath: "/bin/sh"), ["-n", "-c", script])
            #expect(result.status == 0, "\(service): \(result.stderr)")
            #expect(script.hasPrefix("set -e\n"), "\(service) must stop at the first failing step")
        }
    }

    @Test("rendering the same system twice gives the same bytes")
    func deterministic() throws {
        #expect(try ComposeUnderTest.render(stampRally).bytes == ComposeUnderTest.render(stampRally).bytes)
    }

    @Test("the checker rejects what it should: unknown keys, missing targets, health without a healthcheck, unset variables")
    func checkerCatchesProblems() async throws {
        let broken = """
            name: broken
            services:
              app:
                image: example/app:1
                depends_on:
                  ghost: {condition: service_started}
                  db: {condition: service_healthy}
                  seed: {condition: service_completed_successfully}
                environment: {FILES_BUCKET: files}
              db:
                image: postgres:16-alpine
              seed:
                image: example/seed:1
              web:
                image: example/web:1
                colour: blue
            """
        let problems = try await ComposeUnderTest.problems(Array(broken.utf8), required: ["app=FILES_BUCKET,DATABASE_URL"])
        #expect(problems.contains { $0.hasPrefix("schema: services/web") })
        #expect(problems.contains("app: depends on 'ghost', which is not a service"))
        #expect(problems.contains("app: waits for 'db' to be healthy, but it has no healthcheck"))
        #expect(problems.contains("app: waits for 'seed' to complete, but it restarts"))
        #expect(problems.contains("app: environment variable DATABASE_URL is not set"))
        #expect(!problems.contains("app: environment variable FILES_BUCKET is not set"))
    }

    @Test("stamp-rally functions get the variables they get in the cloud, with local names, and wait for their data")
    func stampRallyWiring() async throws {
        let (file, bytes) = try ComposeUnderTest.render(stampRally)
        let problems = try await ComposeUnderTest.problems(
            bytes,
            required: [
                "collect-stamp=USER_STAMPS_TABLE,STAMP_MASTERS_TABLE,UPLOADS_BUCKET,LABEL_MIN_CONFIDENCE_PARAMETER,FRONTEND_ORIGIN,AWS_ENDPOINT_URL_DYNAMODB,AWS_ENDPOINT_URL_S3,AWS_ENDPOINT_URL_SSM",
                "list-stamps=USER_STAMPS_TABLE", "list-spots=STAMP_MASTERS_TABLE", "upload-url=UPLOADS_BUCKET",
                "profile=USERS_TABLE,LINE_CHANNEL_ID_PARAMETER,LINE_CHANNEL_SECRET_PARAMETER",
            ])
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        let collect = try #require(file.services["collect-stamp"])
        #expect(collect.environment["USER_STAMPS_TABLE"] == "stamp-rally-local-user-stamps")
        #expect(collect.dependsOn["dynamodb-setup"] == .completedSuccessfully)
        #expect(collect.dependsOn["storage-setup"] == .completedSuccessfully)
        #expect(file.services["dynamodb-setup"]?.dependsOn["dynamodb"] == .healthy)
        let tables = try #require(file.services["dynamodb-setup"]?.command.first)
        for table in ["user-stamps", "stamp-masters", "users"] {
            #expect(tables.contains("create-table --table-name stamp-rally-local-\(table) "))
        }
        let buckets = try #require(file.services["storage-setup"]?.command.first)
        #expect(buckets.contains("mc mb --ignore-existing local/stamp-rally-local-uploads"))
        #expect(Set(file.services.values.flatMap(\.ports)).count == file.services.values.flatMap(\.ports).count)
    }

    @Test("a reference to a component without a local stand-in is an error naming the variable")
    func unresolvedReference() throws {
        let system = System("orphan") { env in
            let topic = NotificationTopic("alerts")
            let function = Function("worker", runtime: .nodejs22, handler: "index.handler", code: .s3(bucket: "b", key: "k.zip"))
                .environment("ALERTS_TOPIC", topic.arn)
            Stack("app") {
                topic
                function
            }
        }
        #expect {
            try ComposeTranslator.translate(system, basedOn: try SystemUnderTest.environment("dev"), projectRoot: ".")
        } throws: { error in
            let diagnostics = (error as? TenkaiError)?.diagnostics ?? []
            return diagnostics.contains { $0.message.contains("ALERTS_TOPIC") && $0.componentPath == "orphan/app/worker" }
        }
    }

    @Test("the translator refuses missing targets, unhealthy waits, waits on long-running services, and cycles")
    func translatorChecksDependencies() throws {
        var waitsOnB = ComposeService(image: "example/a:1")
        waitsOnB.dependsOn["b"] = .healthy
        var waitsOnA = ComposeService(image: "example/b:1")
        waitsOnA.dependsOn["a"] = .started
        var orphan = ComposeService(image: "example/c:1")
        orphan.networkMode = "service:ghost"
        var waitsOnServer = ComposeService(image: "example/d:1")
        waitsOnServer.dependsOn["e"] = .completedSuccessfully
        let fake = HandWrittenServices(services: [
            "a": waitsOnB, "b": waitsOnA, "c": orphan, "d": waitsOnServer, "e": ComposeService(image: "example/e:1"),
        ])
        let system = System("checks") { _ in Stack("app") { fake } }
        var messages: [String] = []
        do {
            _ = try ComposeTranslator.translate(system, basedOn: try SystemUnderTest.environment("dev"), projectRoot: ".")
        } catch let error as TenkaiError {
            messages = error.diagnostics.map(\.message)
        }
        #expect(messages.contains("compose service 'a' waits for 'b' to be healthy, but it has no healthcheck"))
        #expect(messages.contains("compose service 'c' shares the network of 'ghost', which does not exist"))
        #expect(messages.contains("compose service 'd' waits for 'e' to complete, but it keeps running"))
        #expect(messages.contains("compose services wait for each other in a cycle: a → b → a"))
    }

    @Test("a MySQL database runs as the same MySQL version, with its data in a volume and a healthcheck")
    func mysqlDatabase() async throws {
        let system = System("shop") { _ in
            let network = Network("main", availabilityZones: 2)
            Stack("data") {
                network
                Database("orders", engine: .mysql("8.0.39"), in: network, databaseName: "orders")
            }
        }
        let file = try ComposeTranslator.translate(system, basedOn: try SystemUnderTest.environment("dev"), projectRoot: ".")
        let database = try #require(file.services["orders-db"])
        #expect(database.image == "mysql:8.0.39")
        #expect(database.environment["MYSQL_DATABASE"] == "orders")
        #expect(database.volumes == ["orders-db-data:/var/lib/mysql"])
        #expect(database.healthcheck?.test.first == "CMD-SHELL")
        let problems = try await ComposeUnderTest.problems(try ComposeRenderer.render(file))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("text with '$' reaches the container unchanged: compose would otherwise interpolate it")
    func dollarIsEscaped() throws {
        var service = ComposeService(image: "example/app:1")
        service.environment["PRICE"] = "costs $5 or ${HOME}"
        #expect(service.value[path: "environment.PRICE"] == "costs $$5 or $${HOME}")
    }

    @Test("tenkai synth --target compose writes cloud.out/<system>/local/compose.yaml for every system")
    func commandWritesFiles() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-compose-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let command = try #require(
            try TenkaiCommand.parseAsRoot([
                "synth", "--target", "compose", "--environments", ProjectPaths.root.appendingPathComponent("Environments").path,
                "--out", out.path,
            ]) as? SynthCommand)
        SystemCatalog.register(allSystems)
        try await command.run()
        for system in allSystems {
            let written = try Data(contentsOf: out.appendingPathComponent("\(system.name)/local/compose.yaml"))
            #expect(String(decoding: written, as: UTF8.self).contains("name: \(system.name)\n"))
        }
    }
}

/// A component that adds compose services exactly as written, to exercise the translator's checks.
private struct HandWrittenServices: LocallyRunnable {
    let name = "hand-written"
    var kind: String { "Fake" }
    let services: [String: ComposeService]

    func translate(into stack: inout StackContext) {}

    func runLocally(in compose: inout ComposeContext) {
        for name in services.keys.sorted() { compose.add(name, services[name]!) }
    }
}

/// The three systems' compose files run side by side on one machine.
@Suite("Compose files side by side")
struct ComposeSideBySideTests {
    @Test("no two services of any systems publish the same host port")
    func hostPortsDoNotClash() throws {
        var owners: [Int: String] = [:]
        var clashes: [String] = []
        for system in allSystems {
            let (file, _) = try ComposeUnderTest.render(system)
            for (name, service) in file.services.sorted(by: { $0.key < $1.key }) {
                for mapping in service.ports {
                    let host = try #require(Int(mapping.split(separator: ":")[0]), "\(system.name)/\(name) publishes \(mapping)")
                    if let owner = owners[host] { clashes.append("\(host): \(owner) and \(system.name)/\(name)") }
                    owners[host] = "\(system.name)/\(name)"
                }
            }
        }
        #expect(clashes.isEmpty, "\(clashes)")
        #expect(owners.count >= 8, "the systems publish their ports: \(owners)")
    }
}
