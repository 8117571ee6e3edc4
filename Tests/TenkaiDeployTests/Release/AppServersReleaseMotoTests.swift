import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// App servers on EC2 released blue/green against moto (signatures checked): a launch template
/// version with the new image, the idle Auto Scaling group filled behind its target group, the
/// listener rule's weights moved by the same strategies and bakes as for ECS, and rollback.
@Suite("Releasing app servers on EC2 blue/green against moto", .serialized)
struct AppServersReleaseMotoTests {
    @Test func aCanaryReleaseFillsGreenFromANewLaunchTemplateVersionAndEmptiesBlue() async throws {
        let fixture = try await AppServersReleaseFixture.start()
        let reporter = RecordingReporter()
        let record = try await fixture.engine(.defaultCanary, bake: .milliseconds(400), reporter: reporter).run(image: fixture.images[0])

        #expect(record.result == "succeeded")
        #expect(record.serving == "green")
        #expect(reporter.events.filter { $0.kind == .trafficShifted }.compactMap(\.status) == ["10", "100"])
        #expect(try await fixture.weights() == ["blue": 0, "green": 100])

        // A new launch template version whose cloud-init runs the new image, copied from the serving one.
        let version = try #require(record.taskDefinitionArn)
        #expect(version == "\(fixture.target.launchTemplateID!):2")
        let created = try await EC2(fixture.session).launchTemplateVersion(templateID: fixture.target.launchTemplateID!, version: "2")
        let encoded = try #require(created.userData)
        let decoded = try #require(Data(base64Encoded: encoded))
        let userData = String(decoding: decoded, as: UTF8.self)
        #expect(userData.contains("      image='\(fixture.images[0])'"))
        #expect(!userData.contains("fileshare:first"))
        #expect(userData.contains("docker run -d \"$image\""))

        // Green runs two instances of that version behind its target group; blue is empty.
        let green = try await fixture.group(fixture.target.green)
        #expect(green.desiredCapacity == 2 && green.launchTemplate?.version == "2")
        #expect(try await fixture.healthyTargets(fixture.target.green) == 2)
        let blue = try await fixture.group(fixture.target.blue)
        #expect(blue.desiredCapacity == 0 && blue.minSize == 0)
        #expect(try await fixture.imageParameter() == fixture.images[0])
        #expect(try await fixture.records() == [record])

        // The next release goes back to blue, from the version green serves.
        let second = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: reporter).run(image: fixture.images[1])
        #expect(second.serving == "blue" && second.taskDefinitionArn == "\(fixture.target.launchTemplateID!):3")
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.group(fixture.target.blue).launchTemplate?.version == "3")
        #expect(try await fixture.group(fixture.target.green).desiredCapacity == 0)
    }

    @Test func anAlarmDuringTheBakePutsAllTrafficBackOnBlueAndEmptiesGreen() async throws {
        let fixture = try await AppServersReleaseFixture.start()
        let reporter = RecordingReporter()
        let engine = fixture.engine(.defaultCanary, bake: .seconds(60), reporter: reporter)
        let release = Task { try await engine.run(image: fixture.images[0]) }
        try await fixture.waitForWeights(["blue": 90, "green": 10])
        try await fixture.setAlarm("ALARM")

        let error = await #expect(throws: ReleaseError.self) { try await release.value }
        #expect(error?.code == .rolledBack)
        #expect(error?.message.contains(fixture.alarm) == true)
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.group(fixture.target.green).desiredCapacity == 0)
        #expect(try await fixture.group(fixture.target.blue).desiredCapacity == 2)
        #expect(try await fixture.records().map(\.result) == ["rolled-back"])
        #expect(try await fixture.imageParameter() == "")
    }
}

/// The one line of the app servers' cloud-init that names the image.
@Suite struct AppServerUserDataTests {
    @Test func onlyTheImageLineChangesAndKeepsItsIndentation() throws {
        let text = "#cloud-config\n  content: |\n      region=x\n      image='repo:old'\n      docker run \"$image\"\n"
        let replaced = try AppServerUserData.replacingImage(in: text, with: "repo@sha256:abc", templateID: "lt-1", version: "2")
        #expect(replaced == "#cloud-config\n  content: |\n      region=x\n      image='repo@sha256:abc'\n      docker run \"$image\"\n")
    }

    @Test(arguments: ["no image line here\n", "image='a'\nimage='b'\n"])
    func userDataWithoutExactlyOneImageLineIsRefused(text: String) {
        let error = #expect(throws: ReleaseError.self) { try AppServerUserData.replacingImage(in: text, with: "repo:new", templateID: "lt-1", version: "2") }
        #expect(error?.message.contains("image='…' lines, not one") == true)
    }

    @Test func anImageThatWouldBreakTheShellQuoteIsRefused() {
        #expect(throws: ReleaseError.self) { try AppServerUserData.replacingImage(in: "image='a'\n", with: "repo:x'; rm -rf /", templateID: "lt-1", version: "2") }
    }
}
