import Foundation
import Hashing
import Tenkai
import TenkaiCore
import TenkaiStacks
import Testing
import TestSupport
@testable import TenkaiDeploy

/// A plan binds the cloud assembly it was made from (manifest.json's SHA-256), and each kind of
/// plan runs only through its own command.
@Suite("Plans bind their cloud assembly and their kind")
struct PlanAssemblyTests {
    static func assembly(_ edit: (String) -> String = { $0 }) throws -> CloudAssembly {
        let text = edit(try String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/prod.yaml"), encoding: .utf8))
        let config = try EnvironmentLoader.parse(Array(text.utf8), file: "prod.yaml", expectedName: "prod")
        let synthesis = try Synthesis(try Resolver.resolve(fileShare, in: config), format: .json)
        return try CloudAssembly(folder: URL(fileURLWithPath: "cloud.out/fileshare/prod"), files: synthesis.files)
    }

    func plan(_ assembly: PlannedAssembly?, release: ReleaseIntent? = nil) -> DeployPlan {
        DeployPlan(system: "fileshare", environment: "prod", author: ApprovalTests.ci, environmentSHA256: "e", stacks: [], assembly: assembly, release: release)
    }

    @Test func theDigestIsManifestJSONsAndTheSameSynthesisGivesTheSameOne() throws {
        let first = try Self.assembly()
        let manifest = try #require(try Synthesis(
            try Resolver.resolve(fileShare, in: first.environment), format: .json).files.first { $0.path == AssemblyManifest.fileName })
        #expect(first.manifestSHA256 == SHA256.hex(manifest.bytes))
        #expect(PlannedAssembly(try Self.assembly()) == PlannedAssembly(first))
        try PlanGate.requireAssembly(of: plan(PlannedAssembly(first)), among: [.init(try Self.assembly())])
    }

    @Test func aDifferentAssemblyIsRefusedNamingWhatDiffers() throws {
        let planned = PlannedAssembly(try Self.assembly())
        let retagged = PlannedAssembly(try Self.assembly { $0.replacingOccurrences(of: "cost-center: sales-platform", with: "cost-center: platform") })
        let differences = planned.differences(from: retagged)
        #expect(differences.first?.hasPrefix("the environment file (SHA-256 \(planned.environmentSHA256) planned") == true, "\(differences)")
        #expect(differences.contains { $0.contains("manifest entry") }, "the stacks' tags are in their manifest entries: \(differences)")

        // One template changed (what a code change between plan and deploy does), nothing else.
        var changed = planned
        let stack = try #require(planned.stacks.keys.sorted().first)
        changed.manifestSHA256 = String(repeating: "0", count: 64)
        changed.stacks[stack]?.templateSHA256 = String(repeating: "1", count: 64)
        #expect(planned.differences(from: changed) == [
            "stack \(stack)'s template (SHA-256 \(planned.stacks[stack]!.templateSHA256) planned, \(String(repeating: "1", count: 64)) now)"
        ])
        let error = #expect(throws: DeployError.self) {
            try PlanGate.requireAssembly(of: plan(planned), among: [.init(system: "fileshare", assembly: changed)])
        }
        #expect(error?.message.contains("is not the one plan") == true && error?.message.contains("stack \(stack)'s template") == true)

        var extra = planned
        extra.manifestSHA256 = changed.manifestSHA256
        extra.stacks["added"] = .init(templateSHA256: "a", entrySHA256: "b")
        #expect(planned.differences(from: extra) == ["stack added is in the assembly now but was not planned"])
        var other = planned
        other.manifestSHA256 = changed.manifestSHA256
        #expect(planned.differences(from: other) == ["manifest.json's other fields (format version, system, account, region or tier)"])
    }

    @Test func aPlanWithoutAnAssemblyOrForAnotherSystemIsRefused() throws {
        let planned = PlannedAssembly(try Self.assembly())
        #expect(throws: DeployError.self) { try PlanGate.requireAssembly(of: plan(nil), among: [.init(system: "fileshare", assembly: planned)]) }
        let error = #expect(throws: DeployError.self) { try PlanGate.requireAssembly(of: plan(planned), among: [.init(system: "crm", assembly: planned)]) }
        #expect(error?.message.contains("does not select") == true)
    }

    @Test func theAssemblyAndTheReleaseArePartOfWhatApproversSign() throws {
        let planned = PlannedAssembly(try Self.assembly())
        var other = planned
        other.stacks[planned.stacks.keys.sorted()[0]]?.entrySHA256 = "x"
        #expect(plan(planned).id != plan(other).id)
        #expect(plan(nil).id == DeployPlan(system: "fileshare", environment: "prod", author: ApprovalTests.ci, environmentSHA256: "e", stacks: []).id,
                "a plan without them keeps the ID it had before they existed")
    }

    @Test func twoPlansOfTheSameStateInTheSameSecondAreTwoPlans() {
        let now = Date()
        func made(_ nonce: String?) -> DeployPlan {
            DeployPlan(system: "fileshare", environment: "prod", author: ApprovalTests.ci, createdAt: now, environmentSHA256: "e", stacks: [], nonce: nonce)
        }
        #expect(made("a").id != made("b").id, "approvals of one plan never count for another made alike")
        #expect(made(nil).id == made(nil).id)
    }

    @Test func aReleasePlanIsNeverADeployAndADeployPlanNeverARelease() throws {
        let target = ReleaseTarget(
            system: "fileshare", environment: "prod", service: "web", region: "ap-northeast-1", cluster: "c",
            blue: .init(color: "blue", serviceName: "web", targetGroupArn: "tg-blue"), green: .init(color: "green", serviceName: "web-green", targetGroupArn: "tg-green"),
            listenerArn: "l", containerName: "app", containerPort: 8080, stackNames: ["fileshare-prod-app"])
        let image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/fileshare@sha256:" + String(repeating: "a", count: 64)
        let options = ReleaseOptions(strategy: .defaultCanary)
        let intent = try ReleaseIntent(target: target, image: image, options: options, stacks: ["fileshare-prod-app": .init(status: "UPDATE_COMPLETE", lastChanged: 1)])
        let release = plan(nil, release: intent)
        #expect(throws: DeployError.self) { try PlanGate.requireDeployPlan(release) }
        #expect(throws: DeployError.self) { _ = try PlanGate.requireReleasePlan(plan(nil)) }
        #expect(try PlanGate.requireReleasePlan(release) == intent)

        // A tag is refused: it can move after approval.
        let tagged = #expect(throws: DeployError.self) {
            _ = try ReleaseIntent(target: target, image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/fileshare:v1", options: options, stacks: [:])
        }
        #expect(tagged?.message.contains("by digest") == true)
        // Each way a run can differ from the plan is named.
        var moved = target
        moved.listenerArn = "other"
        var blueGreen = ReleaseOptions(strategy: .blueGreen)
        blueGreen.bakeOverride = .seconds(1)
        let found = intent.differences(service: "web", image: image.replacingOccurrences(of: "@sha256:a", with: "@sha256:b"), options: blueGreen, target: moved)
        #expect(found.count == 4, "\(found)")
        #expect(found.contains { $0.hasPrefix("image ") } && found.contains { $0.hasPrefix("strategy blueGreen") } && found.contains { $0.hasPrefix("bake override 1s") })
        #expect(intent.differences(service: "web", image: image, options: options, target: target).isEmpty)
    }
}
