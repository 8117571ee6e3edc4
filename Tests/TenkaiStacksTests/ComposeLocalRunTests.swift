import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// What only one app needs locally lives in its system's `LocalRun`, not in the library; and
/// compose files name the project root from `Project.root`, not from the working directory.
@Suite struct ComposeLocalRunTests {
    @Test("without its LocalRun, fileshare's app runs by image name, with no database URL and the cloud's public URL")
    func theLibraryKnowsNoApp() throws {
        let file = try ComposeTranslator.translate(
            fileShare.runningLocally(LocalRun()), basedOn: try SystemUnderTest.environment("dev"), projectRoot: "../../..")
        let web = try #require(file.services["web-app"])
        #expect(web.build == nil)
        #expect(web.image?.hasPrefix("fileshare/fileshare:") == true, "\(web.image ?? "no image")")
        #expect(web.environment["DATABASE_URL"] == nil)
        #expect(web.environment["PUBLIC_URL"] == "https://\(try SystemUnderTest.environment("dev").domain)")
    }

    @Test("a LocalRun's variable names are the system's choice: another name gets the URLs")
    func variableNamesComeFromTheSystem() throws {
        let local = LocalRun(
            dockerfiles: ["fileshare": "Dockerfile.local"], databaseURLVariable: "DB_URL", publicURLVariables: ["PUBLIC_URL"])
        let file = try ComposeTranslator.translate(
            fileShare.runningLocally(local), basedOn: try SystemUnderTest.environment("dev"), projectRoot: "../../..")
        let web = try #require(file.services["web-app"])
        #expect(web.build == .init(context: "../../..", dockerfile: "Dockerfile.local"))
        #expect(web.environment["DB_URL"]?.hasPrefix("postgres://tenkai_admin:local-only-password@") == true)
        #expect(web.environment["DATABASE_URL"] == nil)
        #expect(web.environment["PUBLIC_URL"] == "http://localhost:8080")
    }

    @Test("the project root is relative from a compose folder inside it, absolute from one outside")
    func projectRootSeenFromTheComposeFolder() {
        let root = URL(fileURLWithPath: "/work/shop")
        #expect(ComposeTranslator.projectRoot(root, seenFrom: URL(fileURLWithPath: "/work/shop/cloud.out/shop/local")) == "../../..")
        #expect(ComposeTranslator.projectRoot(root, seenFrom: URL(fileURLWithPath: "/work/shop/./a/../b/shop/local/")) == "../../..")
        #expect(ComposeTranslator.projectRoot(root, seenFrom: root) == ".")
        #expect(ComposeTranslator.projectRoot(root, seenFrom: URL(fileURLWithPath: "/work/shopping/out/shop/local")) == "/work/shop")
        #expect(ComposeTranslator.projectRoot(root, seenFrom: URL(fileURLWithPath: "/tmp/out/shop/local")) == "/work/shop")
    }

    @Test("tenkai synth --target compose writes the same files from the project root and from another working directory")
    func composeIgnoresTheWorkingDirectory() async throws {
        let tenkai = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenkai")
        let binary = FileManager.default.isExecutableFile(atPath: tenkai.path) ? tenkai : ProjectPaths.root.appendingPathComponent(".build/debug/tenkai")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build tenkai first: swift build --build-tests")
        // Inside the project (in .build, which git ignores), so the build context is relative.
        let scratch = ProjectPaths.root.appendingPathComponent(".build/compose-cwd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("compose-cwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let environments = ProjectPaths.root.appendingPathComponent("Environments").path

        let fromRoot = try await runProcess(
            binary, ["synth", "--target", "compose", "--system", "fileshare", "--environments", "Environments",
                     "--out", ".build/\(scratch.lastPathComponent)/a"],
            currentDirectory: ProjectPaths.root)
        #expect(fromRoot.status == 0, "\(fromRoot.stderr)")
        let fromElsewhere = try await runProcess(
            binary, ["synth", "--target", "compose", "--system", "fileshare", "--environments", environments,
                     "--out", scratch.appendingPathComponent("b").path],
            currentDirectory: elsewhere)
        #expect(fromElsewhere.status == 0, "\(fromElsewhere.stderr)")
        let first = try Data(contentsOf: scratch.appendingPathComponent("a/fileshare/local/compose.yaml"))
        let second = try Data(contentsOf: scratch.appendingPathComponent("b/fileshare/local/compose.yaml"))
        #expect(first == second)
        // The golden's file, written to cloud.out/, with the root two folders further up.
        let written = String(decoding: second, as: UTF8.self)
        let expected = String(decoding: try ComposeUnderTest.render(fileShare).bytes, as: UTF8.self)
            .replacingOccurrences(of: "context: ../../..\n", with: "context: ../../../../..\n")
        #expect(written == expected)
        #expect(written.contains("context: ../../../../..\n"), "the build context is the project root, relative")
    }
}
