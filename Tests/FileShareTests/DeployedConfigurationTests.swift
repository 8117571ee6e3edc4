import FileShare
import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import Testing
import TestSupport

/// The app, configured exactly as its rendered task definition and image configure it, writes
/// only where the task definition mounts writable storage (its root filesystem is read-only).
@Suite struct DeployedConfigurationTests {
    /// The app container of the rendered task definition of one environment.
    static func appContainer(in environment: String) throws -> [String: Any] {
        let environments = try EnvironmentLoader.loadAll(from: ProjectPaths.root.appendingPathComponent("Environments"))
        let config = try #require(environments.first { $0.name == environment })
        let synthesis = try Synthesis(try Resolver.resolve(fileShare, in: config), format: .json)
        let app = try #require(synthesis.stacks.first { $0.stack.name == "app" })
        let template = try #require(try JSONSerialization.jsonObject(with: Data(app.bytes)) as? [String: Any])
        let resources = template["Resources"] as? [String: [String: Any]] ?? [:]
        let definition = try #require(resources.values.first { $0["Type"] as? String == "AWS::ECS::TaskDefinition" })
        let containers = (definition["Properties"] as? [String: Any])?["ContainerDefinitions"] as? [[String: Any]] ?? []
        return try #require(containers.first { $0["Name"] as? String == "app" })
    }

    /// The image's `ENV` defaults (runtime stage), overridden by the task's variables; values the
    /// task computes at deploy time (references) and secrets get stand-ins of the right shape.
    static func runtimeEnvironment(of container: [String: Any]) throws -> [String: String] {
        let dockerfile = try String(
            contentsOf: ProjectPaths.root.appendingPathComponent("Sources/FileShareServer/Dockerfile"), encoding: .utf8)
        var variables: [String: String] = [:]
        let runtime = dockerfile.components(separatedBy: "\nFROM ").last ?? ""
        for line in runtime.split(separator: "\n") where line.hasPrefix("ENV ") {
            for pair in line.dropFirst(4).split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { variables[String(parts[0])] = String(parts[1]) }
            }
        }
        for entry in container["Environment"] as? [[String: Any]] ?? [] {
            guard let name = entry["Name"] as? String else { continue }
            variables[name] = entry["Value"] as? String ?? (name == "DATABASE_PORT" ? "5432" : "deploy-time-\(name.lowercased())")
        }
        for entry in container["Secrets"] as? [[String: Any]] ?? [] {
            if let name = entry["Name"] as? String { variables[name] = "secret-\(name.lowercased())-0123456789abcdef0123456789" }
        }
        return variables
    }

    @Test(arguments: ["dev", "stg", "prod"])
    func everyDirectoryTheAppWritesIsMountedWritable(environment: String) throws {
        let container = try Self.appContainer(in: environment)
        #expect(container["ReadonlyRootFilesystem"] as? Bool == true)
        let mounts = (container["MountPoints"] as? [[String: Any]] ?? []).compactMap { $0["ContainerPath"] as? String }
        let configuration = try AppConfiguration(environment: try Self.runtimeEnvironment(of: container))
        #expect(configuration.filesBucket != nil && configuration.databaseURL != nil && configuration.jwtSecret != nil)
        #expect(!configuration.writableDirectories.isEmpty)
        for directory in configuration.writableDirectories {
            let covered = mounts.contains { directory == $0 || directory.hasPrefix($0 + "/") }
            #expect(covered, "\(environment): the app writes \(directory); writable mounts are \(mounts)")
        }
    }

    /// Without the spool mount the app would write where the task cannot: the check above can fail.
    @Test func withoutTheSpoolMountTheAppWouldWriteOutsideTheMounts() throws {
        let container = try Self.appContainer(in: "prod")
        let configuration = try AppConfiguration(environment: try Self.runtimeEnvironment(of: container))
        let mounts = (container["MountPoints"] as? [[String: Any]] ?? []).compactMap { $0["ContainerPath"] as? String }
            .filter { $0 != configuration.resolvedSpoolDirectory }
        #expect(configuration.writableDirectories.contains { directory in
            !mounts.contains { directory == $0 || directory.hasPrefix($0 + "/") }
        })
    }
}
