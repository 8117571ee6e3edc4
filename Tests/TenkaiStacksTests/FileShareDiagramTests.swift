import ArgumentParser
import Foundation
import Tenkai
@testable import TenkaiCLI
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

@Suite struct FileShareDiagramTests {
    @Test(arguments: ["dev", "prod"])
    func theDiagramShowsWhatTheServiceUses(environment: String) throws {
        let resolved = try Resolver.resolve(fileShare, in: try FileShareFixtures.environment(environment))
        let diagram = SystemDiagram(resolved)
        let links = Set(diagram.links.map { "\($0.from) → \($0.to)" })
        for expected in [
            "fileshare/app/web → fileshare/data/main",  // the database
            "fileshare/app/web → fileshare/data/files",  // the bucket it is granted
            "fileshare/app/web → fileshare/network/main",  // subnets and security groups
            "fileshare/edge/web → fileshare/edge-global/edge",  // the us-east-1 certificate, across regions
            "fileshare/monitoring/fileshare → fileshare/app/web",  // alarms on the service
        ] {
            #expect(links.contains(expected), "missing \(expected)")
        }
        let components = Set(diagram.stacks.flatMap { $0.components.map(\.path) })
        #expect(diagram.links.allSatisfy { components.contains($0.from) && components.contains($0.to) })
        let boxed = diagram.stacks.flatMap(\.components).reduce(0) { $0 + $1.resourceCount }
        #expect(boxed == resolved.stacks.reduce(0) { $0 + $1.template.resources.count }, "every resource is in one box")
    }

    @Test("tenkai synth --target diagram writes cloud.out/<system>/diagram/<env>.mmd")
    func commandWritesOneDrawingPerEnvironment() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-diagram-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let command = try #require(
            try TenkaiCommand.parseAsRoot([
                "synth", "--target", "diagram", "--system", "fileshare",
                "--environments", ProjectPaths.root.appendingPathComponent("Environments").path, "--out", out.path,
            ]) as? SynthCommand)
        SystemCatalog.register(allSystems)
        try await command.run()
        let folder = out.appendingPathComponent("fileshare/diagram")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["dev.dot", "dev.mmd", "dev.svg", "prod.dot", "prod.mmd", "prod.svg", "stg.dot", "stg.mmd", "stg.svg"])
        let prod = try String(contentsOf: folder.appendingPathComponent("prod.mmd"), encoding: .utf8)
        #expect(prod.hasPrefix("%% fileshare in prod"))
        #expect(prod.contains("subgraph vpc[\"VPC\"]"))
        #expect(prod.contains("subgraph t2[\"public subnets\"]"))
        #expect(prod.contains("subgraph t2s1[\"network · ap-northeast-1\"]"))
    }
}
