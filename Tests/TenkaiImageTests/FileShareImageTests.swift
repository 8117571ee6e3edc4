import Foundation
import Tenkai
import TenkaiCore
import TenkaiImage
import TenkaiStacks
import TestSupport
import Testing

/// The fileshare image must start under its own task definition: the task's user, a read-only
/// root file system, and writable only where the task mounts scratch volumes.
@Suite struct FileShareImageTests {
    @Test(arguments: ["dev", "prod"])
    func imageUserAndWritablePathsMatchTheTaskDefinition(environment: String) throws {
        let container = try Self.appContainer(in: environment)
        #expect(container["ReadonlyRootFilesystem"] as? Bool == true)
        let user = try #require(container["User"] as? String)
        let mounts = (container["MountPoints"] as? [[String: Any]] ?? []).compactMap { $0["ContainerPath"] as? String }
        #expect(!mounts.isEmpty)

        var recipe = ImageRecipe(name: "fileshare", binary: try ImageFixtures.probeBinary())
        recipe.user = try ImageUser(taskDefinitionUser: user, name: "fileshare")
        recipe.writablePaths = mounts
        let folder = try ImageFixtures.temporaryFolder("fileshare-\(environment)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ImageBuilder().build(recipe, into: folder.path)
        let layout = try ReadLayout(folder.path)

        #expect(layout.config.config.User == user)
        let ids = user.split(separator: ":").compactMap { UInt32($0) }
        let passwd = String(decoding: try #require(layout.files["/etc/passwd"]), as: UTF8.self)
        #expect(passwd.contains("fileshare:x:\(ids[0]):\(ids[1]):"))
        for path in mounts {
            let directory = try #require(layout.member(path), "\(path) is mounted writable but missing from the image")
            #expect(directory.isDirectory && directory.uid == ids[0] && directory.gid == ids[1])
        }
        let ownedByUser = layout.members.filter { $0.uid == ids[0] }.map { "/" + $0.path }
        #expect(Set(ownedByUser) == Set(mounts), "only the task's writable paths belong to its user")
        #expect(layout.files.keys.contains("/usr/local/bin/fileshare"))
    }

    /// The `app` container of the `web` service's task definition, as rendered for `environment`.
    static func appContainer(in environment: String) throws -> [String: Any] {
        let configs = try EnvironmentLoader.loadAll(from: ProjectPaths.root.appendingPathComponent("Environments"))
        let config = try #require(configs.first { $0.name == environment })
        let synthesis = try Synthesis(try Resolver.resolve(fileShare, in: config), format: .json)
        let app = try #require(synthesis.stacks.first { $0.stack.name == "app" })
        let template = try #require(try JSONSerialization.jsonObject(with: Data(app.bytes)) as? [String: Any])
        let resources = try #require(template["Resources"] as? [String: [String: Any]])
        let definition = try #require(resources.values.first { $0["Type"] as? String == "AWS::ECS::TaskDefinition" })
        let containers = try #require((definition["Properties"] as? [String: Any])?["ContainerDefinitions"] as? [[String: Any]])
        return try #require(containers.first { $0["Name"] as? String == "app" })
    }
}
