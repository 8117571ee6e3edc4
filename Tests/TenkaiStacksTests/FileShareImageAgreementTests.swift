import Foundation
import Testing
import TestSupport

/// The rendered task definition and the app's image (Sources/FileShareServer/Dockerfile) agree:
/// the task runs as the image's user, every writable mount is a directory the image creates for
/// that user and declares a VOLUME (Fargate copies the image's directory and its owner into the
/// bind mount only then; otherwise the mount is root's and a non-root app cannot write), and the
/// root filesystem stays read-only.
@Suite struct FileShareImageAgreementTests {
    struct AppContainer {
        var user: String
        var readOnlyRoot: Bool
        var mounts: [String]
        var environment: [String: String]
    }

    static func appContainer(in environment: String) throws -> AppContainer {
        let template = try FileShareFixtures.rendered("app", in: environment)
        let definition = try #require(template.resources(ofType: "AWS::ECS::TaskDefinition").first)
        let containers = definition.properties["ContainerDefinitions"] as? [[String: Any]] ?? []
        let app = try #require(containers.first { $0["Name"] as? String == "app" })
        let volumes = Set((definition.properties["Volumes"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String })
        let mountPoints = app["MountPoints"] as? [[String: Any]] ?? []
        for mount in mountPoints {
            #expect(volumes.contains(mount["SourceVolume"] as? String ?? ""), "\(environment): mount without a volume: \(mount)")
            #expect(mount["ReadOnly"] as? Bool == false)
        }
        var variables: [String: String] = [:]
        for entry in app["Environment"] as? [[String: Any]] ?? [] {
            if let name = entry["Name"] as? String, let value = entry["Value"] as? String { variables[name] = value }
        }
        return AppContainer(
            user: app["User"] as? String ?? "", readOnlyRoot: app["ReadonlyRootFilesystem"] as? Bool ?? false,
            mounts: mountPoints.compactMap { $0["ContainerPath"] as? String }, environment: variables)
    }

    static func dockerfile() throws -> String {
        try String(contentsOf: ProjectPaths.root.appendingPathComponent("Sources/FileShareServer/Dockerfile"), encoding: .utf8)
    }

    /// The instructions of the last stage (the image that runs), continuation lines joined.
    static func runtimeStage() throws -> [String] {
        let joined = try dockerfile().replacingOccurrences(of: "\\\n", with: " ")
        let lines = joined.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.hasPrefix("#") }
        let start = try #require(lines.lastIndex { $0.hasPrefix("FROM ") })
        return Array(lines[start...])
    }

    @Test(arguments: FileShareFixtures.environmentNames)
    func taskRunsAsTheImageUserOnAReadOnlyRoot(environment: String) throws {
        let app = try Self.appContainer(in: environment)
        let user = try #require(Self.runtimeStage().last { $0.hasPrefix("USER ") }).dropFirst("USER ".count)
        #expect(app.user == String(user), "\(environment): task user \(app.user), image user \(user)")
        #expect(app.user.split(separator: ":").allSatisfy { Int($0).map { $0 > 0 } == true }, "numeric, non-root uid:gid")
        #expect(app.readOnlyRoot)
    }

    @Test(arguments: FileShareFixtures.environmentNames)
    func everyWritableMountIsAnImageVolumeOwnedByTheUser(environment: String) throws {
        let app = try Self.appContainer(in: environment)
        let stage = try Self.runtimeStage()
        let volumeLine = try #require(stage.first { $0.hasPrefix("VOLUME ") })
        let volumes = try JSONDecoder().decode([String].self, from: Data(volumeLine.dropFirst("VOLUME ".count).utf8))
        let uid = String(app.user.split(separator: ":")[0])
        let created = stage.filter { $0.contains("install -d -o \(uid) ") }.joined(separator: " ")
        #expect(Set(app.mounts) == Set(volumes), "\(environment): mounts \(app.mounts), image volumes \(volumes)")
        for path in app.mounts where path != "/tmp" {
            #expect(created.contains(" \(path)"), "\(environment): the image does not create \(path) for uid \(uid)")
        }
    }

    @Test(arguments: FileShareFixtures.environmentNames)
    func theSpoolDirectoryTheAppReadsIsMountedWritable(environment: String) throws {
        let app = try Self.appContainer(in: environment)
        let spool = try #require(app.environment["SPOOL_DIR"], "the task tells the app where to spool")
        #expect(app.mounts.contains(spool))
        let imageEnvironment = try #require(Self.runtimeStage().first { $0.hasPrefix("ENV ") })
        #expect(imageEnvironment.contains("SPOOL_DIR=\(spool)"), "the image's default agrees with the task")
    }

    /// The RDS CAs reach the system bundle the app verifies against (it connects with
    /// sslmode=require and full verification; SwiftNIO SSL reads /etc/ssl/certs/ca-certificates.crt
    /// on Debian), and the deployment never turns TLS off.
    @Test func theImageTrustsTheRDSCertificateAuthorities() throws {
        let stage = try Self.runtimeStage()
        let add = try #require(stage.firstIndex { $0.hasPrefix("ADD https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem ") })
        let update = try #require(stage.firstIndex { $0.contains("update-ca-certificates") })
        #expect(add < update)
        #expect(stage[update].contains("/usr/local/share/ca-certificates/"))
        for environment in FileShareFixtures.environmentNames {
            #expect(try Self.appContainer(in: environment).environment["DATABASE_TLS"] == nil, "\(environment) turns TLS off")
        }
    }

    /// Runs the image's split step on a bundle of three certificates: update-ca-certificates takes
    /// one certificate per file, so the bundle must become three files of one certificate each.
    @Test func theBundleSplitStepMakesOneFilePerCertificate() async throws {
        let stage = try Self.runtimeStage()
        let run = try #require(stage.first { $0.contains("awk '") && $0.contains("rds-global-bundle.pem") })
        let program = try #require(run.range(of: "awk '").flatMap { start in
            run[start.upperBound...].range(of: "' ").map { String(run[start.upperBound..<$0.lowerBound]) }
        })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-rds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var bundle = ""
        for index in 1...3 {
            let key = folder.appendingPathComponent("key\(index).pem").path
            let cert = folder.appendingPathComponent("cert\(index).pem").path
            let made = try await runProcess(
                URL(fileURLWithPath: "/usr/bin/openssl"),
                ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                 "-out", cert, "-days", "1", "-subj", "/CN=test-rds-ca-\(index)"])
            #expect(made.status == 0, "\(made.stderr)")
            bundle += try String(contentsOfFile: cert, encoding: .utf8) + "\n"
        }
        try bundle.write(to: folder.appendingPathComponent("bundle.pem"), atomically: true, encoding: .utf8)
        let target = folder.appendingPathComponent("out").path
        let localProgram = program.replacingOccurrences(of: "/usr/local/share/ca-certificates/rds/", with: target + "/")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let split = try await runProcess(URL(fileURLWithPath: "/usr/bin/awk"), [localProgram, folder.appendingPathComponent("bundle.pem").path])
        #expect(split.status == 0, "\(split.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: target).sorted()
        #expect(files == ["rds-ca-1.crt", "rds-ca-2.crt", "rds-ca-3.crt"])
        for (index, file) in files.enumerated() {
            let text = try String(contentsOfFile: target + "/" + file, encoding: .utf8)
            #expect(text.components(separatedBy: "BEGIN CERTIFICATE").count == 2)
            let subject = try await runProcess(URL(fileURLWithPath: "/usr/bin/openssl"), ["x509", "-noout", "-subject", "-in", target + "/" + file])
            #expect(subject.stdout.contains("test-rds-ca-\(index + 1)"))
        }
    }
}
