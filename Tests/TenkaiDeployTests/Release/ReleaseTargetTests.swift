import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import Testing
import TestSupport
@testable import TenkaiDeploy

/// Where a release gets its facts: the outputs the deployed fileshare stacks publish.
@Suite struct ReleaseTargetTests {
    /// The fileshare dev stacks' outputs as a deploy would record them: literal values as they
    /// are, references as a made-up physical value naming what they point at.
    static func deployedOutputs() throws -> [String: ReleaseTarget.StackOutputs] {
        try deployedOutputs(in: try EnvironmentLoader.load(ProjectPaths.root.appendingPathComponent("Environments/dev.yaml")))
    }

    /// The same for any environment's settings (``AppServersReleaseTargetTests`` sets `compute: ec2`).
    static func deployedOutputs(in environment: EnvironmentConfig) throws -> [String: ReleaseTarget.StackOutputs] {
        let synthesis = try Synthesis(try Resolver.resolve(fileShare, in: environment), format: .json)
        var stacks: [String: ReleaseTarget.StackOutputs] = [:]
        for rendered in synthesis.stacks {
            let stack = rendered.stack
            let outputs = stack.template.outputs.mapValues { output in output.value.stringValue ?? "physical:\(output.value.referencedLogicalID ?? "?")" }
            stacks[stack.name] = .init(stackName: stack.stackName, region: stack.region, outputs: outputs)
        }
        return stacks
    }

    @Test func theFileShareWebServiceIsFoundInItsStacksOutputs() throws {
        let target = try ReleaseTarget.fromOutputs(system: "fileshare", environment: "dev", service: "web", outputs: try Self.deployedOutputs())
        #expect(target.cluster == "physical:WebServiceCluster")
        #expect(target.blue == .init(color: "blue", serviceName: "physical:WebService", targetGroupArn: "physical:WebLoadBalancerBlueTargetGroup"))
        #expect(target.green.serviceName == "physical:WebService-green")
        #expect(target.green.targetGroupArn == "physical:WebLoadBalancerGreenTargetGroup")
        #expect(target.listenerArn == "physical:WebLoadBalancerHttpsListener")
        #expect(target.containerName == "app")
        #expect(target.containerPort == 8080)
        #expect(target.migrationCommand == ["migrate"])
        #expect(target.imageStack == "fileshare-dev-app")
        #expect(target.imageParameter == "WebServiceAppImage")
        #expect(target.alarmNames.count >= 3)
        #expect(target.alarmNames.allSatisfy { $0.hasPrefix("fileshare-dev-") })
        #expect(target.stackNames.contains("fileshare-dev-app") && target.stackNames.contains("fileshare-dev-monitoring"))
        #expect(!target.stackNames.contains { $0.contains("edge-global") }, "stacks in other regions are not checked from this region")
        #expect(target.keyPrefix == "releases/fileshare/dev/web/")
    }

    @Test func anUnknownServiceNamesTheKnownOnes() throws {
        let error = #expect(throws: ReleaseError.self) {
            try ReleaseTarget.fromOutputs(system: "fileshare", environment: "dev", service: "api", outputs: try Self.deployedOutputs())
        }
        #expect(error?.message.contains("no deployed service 'api'") == true)
        #expect(error?.hint == "services: web")
    }

    @Test func aServiceECSReleasesItselfIsMarkedSo() throws {
        var stacks = try Self.deployedOutputs()
        let weighted = try ReleaseTarget.fromOutputs(system: "fileshare", environment: "dev", service: "web", outputs: stacks)
        #expect(weighted.ecsManaged == false)
        stacks["app"]!.outputs["WebLoadBalancerReleaseDrivenBy"] = "ecs"
        let target = try ReleaseTarget.fromOutputs(system: "fileshare", environment: "dev", service: "web", outputs: stacks)
        #expect(target.ecsManaged)
        #expect(target.serviceName == weighted.serviceName)
        #expect(target.cluster == weighted.cluster)
    }

    @Test func imageReferencesMustNameExactBytesOrATag() throws {
        let pinned = try ImageReference(parsing: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/fileshare@sha256:" + String(repeating: "ab", count: 32))
        #expect(pinned.isECR)
        #expect(pinned.repository == "fileshare")
        #expect(pinned.digest?.hasPrefix("sha256:abab") == true)
        let tagged = try ImageReference(parsing: "127.0.0.1:5000/team/fileshare:1.2.3")
        #expect(!tagged.isECR)
        #expect(tagged.host == "127.0.0.1:5000")
        #expect(tagged.repository == "team/fileshare")
        #expect(tagged.tag == "1.2.3")
        for bad in ["fileshare:1", "127.0.0.1:5000/fileshare", "host/fileshare@sha256:abc", "host/fileshare@md5:" + String(repeating: "a", count: 64)] {
            #expect(throws: ReleaseError.self, "\(bad)") { try ImageReference(parsing: bad) }
        }
    }
}
