import Foundation
import Tenkai
import TenkaiCore
import Testing

/// Function code in the cloud assembly: folders resolve from the project root (the folder that
/// holds Environments/), never the working directory; synth writes each package into the
/// assembly and lists it in the manifest; reading refuses a package changed after synth.
@Suite struct AssemblyAssetTests {
    /// A project folder: `Environments/dev.yaml` and `functions/collect/…`, and a system with two
    /// stacks whose functions share that folder (one package, used by both).
    static func project() throws -> URL {
        let root = try CodeAssetTests.functionFolder()
        let environments = root.appendingPathComponent("Environments")
        try FileManager.default.createDirectory(at: environments, withIntermediateDirectories: true)
        try CloudAssemblyTests.environmentText.write(to: environments.appendingPathComponent("dev.yaml"), atomically: true, encoding: .utf8)
        return root
    }

    static let system = System("shop") { _ in
        Stack("api") { Function("collect", runtime: .nodejs22, handler: "index.handler", code: .folder("functions/collect")).logRetention(days: 14) }
        Stack("jobs") { Function("sweep", runtime: .nodejs22, handler: "index.handler", code: .folder("functions/collect")).logRetention(days: 14) }
    }

    static func synthesis(root: URL) throws -> Synthesis {
        try Project.load(systems: [system], environmentsFolder: root.appendingPathComponent("Environments")).synthesize(format: .json)[0]
    }

    @Test func foldersResolveFromTheProjectRootNotTheWorkingDirectory() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        // The test runs in the package root, which has no functions/collect: only the project root does.
        #expect(!FileManager.default.fileExists(atPath: "functions/collect"))
        let synthesis = try Self.synthesis(root: root)
        let asset = try CodeAsset(folder: "functions/collect", root: root)
        #expect(synthesis.assets == [asset])
        #expect(synthesis.system.stacks.map(\.assets) == [[asset], [asset]])
    }

    @Test func withoutAProjectRootARelativeFolderIsAnErrorNamingTheFunction() throws {
        let problems = Fixtures.errors(Self.system)
        #expect(problems.contains { $0.message.contains("function 'collect' takes its code from functions/collect, but no project root") })
    }

    @Test func aMissingFolderIsASynthErrorNamingTheFunctionAndThePath() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("functions"))
        #expect { _ = try Self.synthesis(root: root) } throws: { error in
            let messages = (error as? TenkaiError)?.diagnostics.map(\.message) ?? []
            return messages.contains { $0.contains("function 'collect': its code folder functions/collect does not exist")
                && $0.contains(root.appendingPathComponent("functions/collect").standardizedFileURL.path) }
        }
    }

    @Test func synthWritesThePackageIntoTheAssemblyAndTheManifestListsIt() throws {
        let root = try Self.project()
        let out = root.appendingPathComponent("cloud.out")
        defer { try? FileManager.default.removeItem(at: root) }
        let synthesis = try Self.synthesis(root: root)
        try Project.write([synthesis], to: out)
        let folder = CloudAssembly.folder(root: out, system: "shop", environment: "dev")
        let asset = try CodeAsset(folder: "functions/collect", root: root)

        #expect(try Array(Data(contentsOf: folder.appendingPathComponent(asset.key))) == asset.zip)
        let assembly = try CloudAssembly.read(folder)
        #expect(assembly.manifest.assets == [
            AssemblyAsset(path: asset.key, sha256: asset.sha256, bytes: asset.zip.count, bucketKey: asset.key, source: "functions/collect", stacks: ["api", "jobs"]),
        ])
        #expect(assembly.stacks.map(\.assets) == Array(repeating: [StagedAsset(bucketKey: asset.key, sha256: asset.sha256, contents: asset.zip)], count: 2))
        // The manifest lists the asset in plain JSON a reader can use.
        let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"bucketKey\": \"\(asset.key)\""), "\(manifest)")
    }

    @Test func aPackageChangedAfterSynthIsRefused() throws {
        let root = try Self.project()
        let out = root.appendingPathComponent("cloud.out")
        defer { try? FileManager.default.removeItem(at: root) }
        try Project.write([try Self.synthesis(root: root)], to: out)
        let folder = CloudAssembly.folder(root: out, system: "shop", environment: "dev")
        let key = try CodeAsset(folder: "functions/collect", root: root).key
        var bytes = try Data(contentsOf: folder.appendingPathComponent(key))
        bytes[bytes.count - 30] ^= 0x01
        try bytes.write(to: folder.appendingPathComponent(key))
        #expect { _ = try CloudAssembly.read(folder) } throws: { error in "\(error)".contains("\(key) was changed after synth") }

        try FileManager.default.removeItem(at: folder.appendingPathComponent(key))
        #expect { _ = try CloudAssembly.read(folder) } throws: { error in "\(error)".contains("cannot read") }
    }

    @Test func anAssetPathOutsideTheAssemblyIsRefused() throws {
        let root = try Self.project()
        let out = root.appendingPathComponent("cloud.out")
        defer { try? FileManager.default.removeItem(at: root) }
        try Project.write([try Self.synthesis(root: root)], to: out)
        let folder = CloudAssembly.folder(root: out, system: "shop", environment: "dev")
        let key = try CodeAsset(folder: "functions/collect", root: root).key
        let url = folder.appendingPathComponent("manifest.json")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\"path\": \"\(key)\"", with: "\"path\": \"../../../etc/passwd\"")
        try text.write(to: url, atomically: true, encoding: .utf8)
        // The manifest itself is not fingerprinted: its asset names are checked instead.
        #expect { _ = try CloudAssembly.read(folder) } throws: { error in "\(error)".contains("must be named assets/<its sha256>.zip") }
    }

    @Test func theEnvironmentsFolderIsFoundFromASubfolderOfTheProject() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        try "// swift-tools-version:6.0\n".write(to: root.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let inside = root.appendingPathComponent("functions/collect/lib").path
        #expect(EnvironmentsFolder.locate("Environments", from: inside) == root.appendingPathComponent("Environments").standardizedFileURL)
        // An explicit folder is taken as given.
        #expect(EnvironmentsFolder.locate("envs", from: inside).path == inside + "/envs")
    }
}
