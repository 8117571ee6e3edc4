import Foundation
import TenkaiCore
import Testing
@testable import TenkaiDeploy

/// The other containers' images of a release, without AWS: which containers may be named, what a
/// plan binds, and that single-image states, records and plans keep their JSON.
@Suite("Release of several images: the rules")
struct ReleaseContainerImagesTests {
    static let app = "123456789012.dkr.ecr.us-east-1.amazonaws.com/crm-staff-api@sha256:" + String(repeating: "a", count: 64)
    static let gateway = "123456789012.dkr.ecr.us-east-1.amazonaws.com/crm-gateway@sha256:" + String(repeating: "b", count: 64)

    static func target() -> ReleaseTarget {
        var target = ReleaseTarget(
            system: "crm", environment: "dev", service: "api", region: "us-east-1", cluster: "crm-dev",
            blue: .init(color: "blue", serviceName: "crm-dev-api", targetGroupArn: "arn:blue"),
            green: .init(color: "green", serviceName: "crm-dev-api-green", targetGroupArn: "arn:green"), listenerArn: "arn:listener",
            containerName: "staff-api", containerPort: 8080, stackNames: ["crm-dev-app"], imageStack: "crm-dev-app",
            imageParameter: "ApiServiceStaffApiImage")
        target.containerImageParameters = ["gateway": "ApiServiceGatewayImage", "migrate": "ApiServiceMigrateImage"]
        return target
    }

    @Test func theHandBackSetsEveryNamedContainersParameterAndTheReleasedOne() throws {
        let images = try Self.target().checkedContainerImages(["gateway": Self.gateway])
        #expect(images["gateway"]?.repository == "crm-gateway")
        #expect(Self.target().imageParameterValues(image: Self.app, containerImages: ["gateway": Self.gateway])
            == ["ApiServiceStaffApiImage": Self.app, "ApiServiceGatewayImage": Self.gateway])
    }

    @Test func appServersAndStacksWithoutTheOutputRefuseNamedContainers() {
        var servers = Self.target()
        servers.launchTemplateID = "lt-0123"
        #expect(throws: ReleaseError.self) { try servers.checkedContainerImages(["gateway": Self.gateway]) }
        var old = Self.target()
        old.containerImageParameters = nil
        let error = #expect(throws: ReleaseError.self) { try old.checkedContainerImages(["gateway": Self.gateway]) }
        #expect(error?.hint?.contains("deployed again") == true)
        #expect((try? old.checkedContainerImages([:])) == [:], "a single-image release needs no output")
    }

    @Test func aPlanBindsEveryImageByDigest() throws {
        var options = ReleaseOptions(strategy: .allAtOnce)
        options.containerImages = ["gateway": Self.gateway]
        let intent = try ReleaseIntent(target: Self.target(), image: Self.app, options: options, stacks: [:])
        #expect(intent.containerImages == ["gateway": Self.gateway])
        #expect(intent.differences(service: "api", image: Self.app, options: options, target: Self.target()).isEmpty)
        var fewer = options
        fewer.containerImages = [:]
        #expect(intent.differences(service: "api", image: Self.app, options: fewer, target: Self.target())
            == ["container gateway's image unchanged, the plan releases \(Self.gateway)"])
        var more = options
        more.containerImages["migrate"] = Self.gateway
        #expect(intent.differences(service: "api", image: Self.app, options: more, target: Self.target())
            == ["container migrate's image \(Self.gateway), the plan leaves it unchanged"])

        var tagged = options
        tagged.containerImages = ["gateway": "123456789012.dkr.ecr.us-east-1.amazonaws.com/crm-gateway:v2"]
        let error = #expect(throws: DeployError.self) { try ReleaseIntent(target: Self.target(), image: Self.app, options: tagged, stacks: [:]) }
        #expect(error?.message.contains("needs container gateway's image by digest") == true)
    }

    /// Single-image releases write the JSON they wrote before (so plan IDs and old objects stay
    /// as they were), and JSON without the new field reads back.
    @Test func singleImageStatesRecordsAndPlansKeepTheirJSON() throws {
        let intent = try ReleaseIntent(target: Self.target(), image: Self.app, options: ReleaseOptions(strategy: .allAtOnce), stacks: [:])
        let state = ReleaseState(
            runID: "1", image: Self.app, taskDefinitionArn: "arn:td", liveColor: "blue", newColor: "green", phase: .shifting, stepIndex: 0,
            greenPercent: 10, strategy: "allAtOnce", startedAt: "2026-12-05T00:00:00Z")
        let record = ReleaseRecord(
            runID: "1", system: "crm", environment: "dev", service: "api", who: "me", image: Self.app, strategy: "allAtOnce", startedAt: "a",
            finishedAt: "b", result: "succeeded", serving: "blue")
        for json in [try JSONEncoder().encode(intent), try JSONEncoder().encode(state), try JSONEncoder().encode(record)] {
            #expect(!String(decoding: json, as: UTF8.self).contains("containerImages"))
        }
        #expect(try JSONDecoder().decode(ReleaseIntent.self, from: JSONEncoder().encode(intent)).containerImages == nil)
        #expect(try JSONDecoder().decode(ReleaseState.self, from: JSONEncoder().encode(state)).releases(Self.app, [:]))
        #expect(try JSONDecoder().decode(ReleaseRecord.self, from: JSONEncoder().encode(record)) == record)
        #expect(!state.releases(Self.app, ["gateway": Self.gateway]), "another set of images is another release")
    }

    /// Hints that say "run it again" name every image: a rerun with fewer is another release.
    @Test func rerunHintsNameEveryImage() {
        #expect(ImageArguments.of(Self.app, ["migrate": Self.app, "gateway": Self.gateway])
            == "--image \(Self.app) --image gateway=\(Self.gateway) --image migrate=\(Self.app)")
        #expect(ImageArguments.of(Self.app, nil) == "--image \(Self.app)")
    }
}
