import Foundation
import Tenkai
import TenkaiCore
import TestSupport
import Testing

/// The cloud assembly: what synth writes is what deploy reads, and an assembly changed after synth
/// is refused.
@Suite struct CloudAssemblyTests {
    static let environmentText = """
        name: dev
        tier: development
        account: "123456789012"
        region: ap-northeast-1
        multiAZ: false
        domain: dev.example.com

        """

    /// A data stack with a bucket and a queue, and an app stack whose queue uses both.
    static let system = System("shop") { _ in
        let files = Bucket("files")
        let jobs = Fixtures.queue("jobs")
        Stack("data") { files; jobs }
        Stack("app") { Fixtures.queue("worker", deadLetter: jobs.reference(.arn)); RawResource("reader", type: "AWS::SNS::Topic", properties: ["DisplayName": files.reference().value]) }
    }

    static func synthesis() throws -> Synthesis {
        let environment = try EnvironmentLoader.parse(Array(environmentText.utf8), file: "dev.yaml", expectedName: "dev")
        return try Project(systems: [system], environments: [environment]).synthesize(format: .json)[0]
    }

    func written() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-assembly-\(UUID().uuidString)")
        try Project.write([try Self.synthesis()], to: root)
        return CloudAssembly.folder(root: root, system: "shop", environment: "dev")
    }

    @Test func readsBackWhatSynthWrote() throws {
        let synthesis = try Self.synthesis()
        let folder = try written()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent()) }
        let assembly = try CloudAssembly.read(folder)
        #expect(assembly.manifest.stacks.map(\.name) == ["data", "app"])
        #expect(assembly.stacks.map(\.body) == synthesis.stacks.map(\.bytes))
        #expect(assembly.stacks.map(\.template) == synthesis.system.stacks.map(\.template))
        #expect(assembly.environment.account == "123456789012")
        #expect(assembly.components == synthesis.system.components)
        #expect(assembly.manifest.stack(named: "app")?.dependsOn == ["data"])
    }

    @Test func theComponentTreeKnowsKindsResourcesAndUses() throws {
        let tree = try Self.synthesis().system.components
        #expect(tree.components.map(\.path) == ["shop/app/reader", "shop/app/worker", "shop/data/files", "shop/data/jobs"])
        #expect(tree.component("shop/data/files")?.kinds == ["Bucket"])
        #expect(tree.component("shop/app/worker")?.uses == ["shop/data/jobs"])
        #expect(tree.component("shop/app/reader")?.uses == ["shop/data/files"])
        #expect(tree.component("shop/data/files")?.resources.contains { $0.type == "AWS::S3::Bucket" } == true)
    }

    @Test(arguments: ["data.template.json", "environment.yaml", "components.json"])
    func refusesAFileChangedAfterSynth(file: String) throws {
        let folder = try written()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent()) }
        let url = folder.appendingPathComponent(file)
        var bytes = try Data(contentsOf: url)
        bytes.append(contentsOf: Array(" ".utf8))
        try bytes.write(to: url)
        if file == "components.json" {
            // Not fingerprinted: still read strictly (extra white space is fine).
            #expect(throws: Never.self) { _ = try CloudAssembly.read(folder) }
        } else {
            #expect { _ = try CloudAssembly.read(folder) } throws: { error in
                "\(error)".contains("\(file) was changed after synth")
            }
        }
    }

    @Test func refusesAnotherFormatVersion() throws {
        let folder = try written()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent()) }
        let url = folder.appendingPathComponent("manifest.json")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\"manifestVersion\": \(AssemblyManifest.currentVersion)", with: "\"manifestVersion\": 1")
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect { _ = try CloudAssembly.read(folder) } throws: { error in "\(error)".contains("format version 1") }
    }

    @Test func aMissingSystemIsAUsageError() throws {
        let folder = try written()
        let root = folder.deletingLastPathComponent().deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect { _ = try CloudAssembly.readAll(root: root, environment: "dev", systems: ["other"]) } throws: { error in
            (error as? TenkaiError)?.code == .usage
        }
        #expect(try CloudAssembly.readAll(root: root, environment: "dev", systems: []).map(\.system) == ["shop"])
    }
}
