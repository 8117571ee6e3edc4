import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// App servers on EC2 released blue/green against moto (signatures checked): a launch template
/// version with the new image, the idle Auto Scaling group filled behind its target group, the
/// listener rule's weights moved by the same strategies and bakes as for ECS, rollback, and the
/// hand-back to blue (the stack's launch template version, blue refilled with it).
@Suite("Releasing app servers on EC2 blue/green against moto", .serialized)
struct AppServersReleaseMotoTests {
    func releaseState(_ fixture: AppServersReleaseFixture) async throws -> ReleaseState? {
        let key = fixture.target.keyPrefix + "state.json"
        guard try await S3(fixture.session).headObject(bucket: fixture.bucket, key: key) != nil else { return nil }
        return try JSONDecoder().decode(ReleaseState.self, from: try await S3(fixture.session).getObject(bucket: fixture.bucket, key: key).body)
    }

    /// After a hand-back: all traffic on blue, whose group and every instance are on `version`
    /// (the stack's), whose cloud-init starts `image`; green empty; the stack holds the image.
    func expectHandedBack(_ fixture: AppServersReleaseFixture, image: String, version: String) async throws {
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        let blue = try await fixture.group(fixture.target.blue)
        #expect(blue.launchTemplate?.version == version)
        #expect(blue.desiredCapacity == 2 && blue.instances.count == 2)
        #expect(blue.instances.allSatisfy { $0.launchTemplate?.version == version }, "\(blue.instances)")
        #expect(try await fixture.userData(version: version).image == image)
        #expect(try await fixture.healthyTargets(fixture.target.blue) == 2)
        let green = try await fixture.group(fixture.target.green)
        #expect(green.desiredCapacity == 0 && green.minSize == 0)
        #expect(try await fixture.imageParameter() == image)
        #expect(try await CloudFormation(fixture.session).describeStack(fixture.stackName)?.stackStatus.rawValue == "UPDATE_COMPLETE")
    }

    @Test func aCanaryReleaseRunsGreenFromANewVersionThenHandsBackToBlueOnTheStacksVersion() async throws {
        let fixture = try await AppServersReleaseFixture.start()
        #expect(try await fixture.userData(version: "1").image == AppServersReleaseFixture.firstImage)
        let reporter = RecordingReporter()
        let record = try await fixture.engine(.defaultCanary, bake: .milliseconds(400), reporter: reporter).run(image: fixture.images[0])

        #expect(record.result == "succeeded")
        #expect(record.serving == "blue")
        #expect(reporter.events.filter { $0.kind == .trafficShifted }.compactMap(\.status) == ["10", "100", "0"])

        // Green ran a launch template version of the release's, copied from the serving one.
        #expect(record.taskDefinitionArn == "\(fixture.target.launchTemplateID!):2")
        let released = try await fixture.userData(version: "2")
        #expect(released.text.contains("      image='\(fixture.images[0])'"))
        #expect(released.text.contains("docker run -d \"$image\""))

        // The stack's update made version 3 (its parameter in the user data); blue, emptied of the
        // old image (CloudFormation replaced none of its instances), runs it; green is empty.
        try await expectHandedBack(fixture, image: fixture.images[0], version: "3")
        #expect(reporter.events.contains { $0.kind == .releaseStep && $0.status == "hand-back" && $0.message?.hasPrefix("emptying blue") == true })
        let calls = fixture.proxy.calls
        let update = try #require(calls.firstIndex { $0.operation == "UpdateStack" })
        let back = try #require(calls.lastIndex { $0.operation == "ModifyRule" })
        let greenDown = try #require(calls.lastIndex { $0.operation == "UpdateAutoScalingGroup" })
        #expect(update < back && back < greenDown)
        #expect(try await fixture.records() == [record])

        // A deploy of the same template after the release changes nothing, and writes nothing.
        try await expectRedeployChangesNothing(
            stackName: fixture.stackName, templateBody: AppServersReleaseFixture.template,
            parameters: ["WebAppServersAppImage": "", "WebAppServersAppImageTag": "first"], session: fixture.session, proxy: fixture.proxy,
            writes: ["UpdateAutoScalingGroup", "ModifyRule", "CreateLaunchTemplateVersion"])
        try await expectHandedBack(fixture, image: fixture.images[0], version: "3")

        // The next release goes to green again, from blue's version, and ends on blue again.
        let second = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[1])
        #expect(second.serving == "blue" && second.taskDefinitionArn == "\(fixture.target.launchTemplateID!):4")
        try await expectHandedBack(fixture, image: fixture.images[1], version: "5")
        #expect(try await fixture.records().map(\.serving) == ["blue", "blue"])
    }

    @Test func aFailedStackUpdateLeavesGreenServingAndARerunFinishesTheHandBack() async throws {
        let fixture = try await AppServersReleaseFixture.start()
        fixture.proxy.updateStackFailure = "Stack:fileshare-test-app is in UPDATE_ROLLBACK_FAILED state and can not be updated."
        let engine = fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter())
        let error = await #expect(throws: ReleaseError.self) { try await engine.run(image: fixture.images[0]) }
        #expect(error?.code == .handBackFailed)
        #expect(error?.message.contains("released \(fixture.images[0]): green (\(fixture.target.green.serviceName)) serves it and is healthy") == true)
        #expect(error?.hint?.contains("run `tenkai release` again with --image \(fixture.images[0])") == true)

        // Green serves the released image; blue still holds the old one; nothing rolled back.
        #expect(try await fixture.weights() == ["blue": 0, "green": 100])
        let green = try await fixture.group(fixture.target.green)
        #expect(green.desiredCapacity == 2 && green.launchTemplate?.version == "2")
        #expect(try await fixture.healthyTargets(fixture.target.green) == 2)
        #expect(try await fixture.group(fixture.target.blue).launchTemplate?.version == "1")
        #expect(try await fixture.imageParameter() == "")
        #expect(try await releaseState(fixture)?.phase == .handingBack)
        #expect(try await fixture.records().isEmpty)

        // The cause fixed, a rerun with the same image only finishes the hand-back.
        fixture.proxy.updateStackFailure = nil
        let rerun = Date()
        let record = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[0])
        #expect(record.runID == engine.options.runID)
        #expect(record.serving == "blue")
        #expect(fixture.proxy.count("CreateLaunchTemplateVersion", since: rerun) == 0)
        try await expectHandedBack(fixture, image: fixture.images[0], version: "3")
        #expect(try await releaseState(fixture) == nil)
    }

    /// Green serves after a failed hand-back; the next image goes into blue, which then serves
    /// and is only moved onto the stack's version, never emptied while it serves.
    @Test func aReleaseAfterAnUnfinishedHandBackGoesIntoBlueAndEndsThereWithoutEmptyingIt() async throws {
        let fixture = try await AppServersReleaseFixture.start()
        fixture.proxy.updateStackFailure = "Stack:fileshare-test-app is in UPDATE_ROLLBACK_FAILED state and can not be updated."
        _ = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[0])
        }
        #expect(try await fixture.weights() == ["blue": 0, "green": 100])
        fixture.proxy.updateStackFailure = nil

        let reporter = RecordingReporter()
        let record = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: reporter).run(image: fixture.images[1])
        #expect(record.serving == "blue" && record.taskDefinitionArn == "\(fixture.target.launchTemplateID!):3")
        // Blue was emptied once, of the old image, before it took traffic; not in the hand-back.
        let emptied = reporter.events.filter { $0.kind == .releaseStep && $0.message?.hasPrefix("emptying blue") == true }.compactMap(\.status)
        #expect(emptied == ["green"])
        let blue = try await fixture.group(fixture.target.blue)
        #expect(blue.launchTemplate?.version == "4")
        #expect(blue.instances.count == 2 && blue.instances.allSatisfy { $0.launchTemplate?.version == "3" })
        #expect(try await fixture.userData(version: "4").image == fixture.images[1])
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.group(fixture.target.green).desiredCapacity == 0)
        #expect(try await fixture.imageParameter() == fixture.images[1])
    }

    /// The same image again (to replace the instances): the stack has it already, so its update
    /// changes nothing and blue stays on the stack's version, which starts that image.
    @Test func releasingTheStacksImageAgainEndsOnBlueAtTheStacksVersion() async throws {
        let fixture = try await AppServersReleaseFixture.start()
        try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[0])
        try await expectHandedBack(fixture, image: fixture.images[0], version: "3")
        let reporter = RecordingReporter()
        let again = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: reporter).run(image: fixture.images[0])
        #expect(again.serving == "blue" && again.taskDefinitionArn == "\(fixture.target.launchTemplateID!):4")
        #expect(!reporter.events.contains { $0.status == "hand-back" && $0.message?.hasPrefix("emptying blue") == true })
        try await expectHandedBack(fixture, image: fixture.images[0], version: "3")
    }

    /// A launch template whose cloud-init names a fixed image (not the parameter): the stack
    /// cannot take the release, so green keeps serving and the error says what to fix.
    @Test func aLaunchTemplateThatIgnoresTheImageParameterFailsTheHandBackAndGreenServes() async throws {
        let fixture = try await AppServersReleaseFixture.start()
        var input = UpdateStackInput(stackName: fixture.stackName)
        input.templateBody = AppServersReleaseFixture.template.replacingOccurrences(of: "image='${Image}'", with: "image='\(AppServersReleaseFixture.firstImage)'")
        _ = try await CloudFormation(fixture.session).updateStack(input)
        #expect(try await fixture.group(fixture.target.blue).launchTemplate?.version == "2")

        let error = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[0])
        }
        #expect(error?.code == .handBackFailed)
        #expect(error?.message.contains("which starts image \(AppServersReleaseFixture.firstImage), not \(fixture.images[0])") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("the launch template's user data must take the image from parameter WebAppServersAppImage") == true)
        #expect(try await fixture.weights() == ["blue": 0, "green": 100])
        #expect(try await fixture.group(fixture.target.green).desiredCapacity == 2)
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
