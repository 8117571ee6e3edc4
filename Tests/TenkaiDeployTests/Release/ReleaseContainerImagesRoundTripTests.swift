import Tenkai
import TenkaiCore
import Testing
@testable import TenkaiDeploy

/// What the DSL publishes about a service's other images is what the release reads: a sidecar
/// of its own image is named with its template parameter; a migration container of the released
/// container's image is not (it takes the released image with it).
@Suite struct ReleaseContainerImagesRoundTripTests {
    @Test func theReleaseKnowsEachOtherContainersImageParameter() throws {
        let images = ReleaseOutputsRoundTripTests.images
        let service = Service("web", in: ReleaseOutputsRoundTripTests.net) {
            ReleaseOutputsRoundTripTests.app
            Container("migrate", image: .repository(images)).essential(false)
            Container("sidecar", image: .repository(images, tag: "sidecar-v1")).essential(false)
        }
        .migrations(["migrate", "up"], container: "migrate")
        let system = ReleaseOutputsRoundTripTests.system(service: { _ in service })
        let (outputs, _) = try ReleaseOutputsRoundTripTests.deploy(system)
        let target = try ReleaseTarget.fromOutputs(system: "shop", environment: "dev", service: "web", outputs: outputs)
        #expect(target.containerImageParameters == ["sidecar": "WebServiceSidecarImage"])
        #expect(target.imageParameter == "WebServiceAppImage")

        let app = try #require(try Resolver.resolve(system, in: ReleaseOutputsRoundTripTests.environment).stacks.first { $0.name == "app" })
        #expect(app.template.parameters["WebServiceSidecarImage"] != nil, "the parameter the hand-back sets exists")
        #expect(app.template.parameters["WebServiceMigrateImage"] == nil, "migrate shares the app's parameter")
    }

    @Test func aServiceOfOneImagePublishesNoOtherImages() throws {
        let (outputs, _) = try ReleaseOutputsRoundTripTests.deploy(ReleaseOutputsRoundTripTests.system())
        #expect(outputs.values.allSatisfy { $0.outputs[ReleaseOutputs.imageParameters(of: "WebService")] == nil })
        #expect(ReleaseOutputs.isReleaseOutput("WebServiceReleaseImageParameters"), "a stack publishing it must be deployed before a release")
    }
}
