import Foundation
@testable import Tenkai
import TenkaiStacks
import TestSupport
import Testing

/// The image repositories a release pushes to: tags never move, every push is scanned, and
/// untagged images (what an interrupted push or a re-tag leaves) expire.
@Suite struct ImageRepositoryTests {
    @Test(arguments: FileShareFixtures.environmentNames)
    func fileshareRepositoryIsImmutableScannedAndExpiresUntaggedImages(environment: String) throws {
        let template = try FileShareFixtures.rendered("data", in: environment)
        let repositories = template.resources(ofType: "AWS::ECR::Repository")
        #expect(repositories.count == 1)
        let properties = try #require(repositories.first?.properties)
        #expect(properties["ImageTagMutability"] as? String == "IMMUTABLE")
        #expect((properties["ImageScanningConfiguration"] as? [String: Any])?["ScanOnPush"] as? Bool == true)
        let policyText = try #require((properties["LifecyclePolicy"] as? [String: Any])?["LifecyclePolicyText"] as? String)
        let policy = try #require(try JSONSerialization.jsonObject(with: Data(policyText.utf8)) as? [String: Any])
        let rules = try #require(policy["rules"] as? [[String: Any]])
        let untagged = try #require(rules.first { ($0["selection"] as? [String: Any])?["tagStatus"] as? String == "untagged" })
        #expect((untagged["action"] as? [String: Any])?["type"] as? String == "expire")
        #expect((untagged["selection"] as? [String: Any])?["countType"] as? String == "sinceImagePushed")
        let deletion = repositories.first?.resource["DeletionPolicy"] as? String
        #expect(deletion == (environment == "prod" ? "Retain" : "Delete"))
    }
}

/// Every repository a system deploys says how its images are built.
@Suite struct ImageBuildDefinitionTests {
    static func repositories(of system: System, in environment: String) throws -> [Repository] {
        let config = try FileShareFixtures.environment(environment)
        // A repository with a scanner suppression is still a Repository.
        return system.stacks(in: config).stacks.flatMap { members($0.components) }.compactMap { $0 as? Repository }
    }

    /// Components with every composite's children in its place (`CRMImages` groups the repositories).
    static func members(_ components: [any Component]) -> [any Component] {
        components.flatMap { component in (component as? any Composite).map { members($0.children) } ?? [component] }
    }

    @Test func fileshareImageIsBuiltFromThePackagesOwnProduct() throws {
        let repositories = try Self.repositories(of: fileShare, in: "dev")
        #expect(repositories.map(\.build) == [.product("fileshare", arguments: ["serve"])])
        let manifest = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#".executable(name: "fileshare""#))
    }

    @Test func everyCRMImageHasItsOwnDockerfileContext() throws {
        let repositories = try Self.repositories(of: crm, in: "dev")
        #expect(repositories.map(\.name) == ["migrate", "staff-api", "user-api", "inquiry-api", "gateway", "proxy"])
        var contexts: [String] = []
        for repository in repositories {
            guard case .dockerfile(let source, let context, let file, _) = repository.build else {
                Issue.record("\(repository.name) has no Dockerfile build: \(String(describing: repository.build))")
                continue
            }
            #expect(source == "crm-backend" && file == "Dockerfile")
            contexts.append(context)
        }
        #expect(Set(contexts).count == 6)
    }
}
