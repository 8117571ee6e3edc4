import AWSClient
import Foundation
import TestSupport
import Testing
@testable import TenkaiDeploy

/// `tenkai deploy` and `tenkai plan` do not update a stack while a release of one of the
/// environment's systems is in flight (its state object in the bootstrap bucket): the real binary
/// against moto, refused before any change, naming the release; allowed once the release is gone.
@Suite(.serialized) struct DeployDuringReleaseCommandTests {
    @Test func deployAndPlanAreRefusedWhileAReleaseStateExistsAndAllowedAfter() async throws {
        let project = try await MotoProject.start()
        defer { project.stop() }
        let bucket = BootstrapStack.bucketName(account: "123456789012", region: "ap-northeast-1")
        let s3 = S3(project.session)
        try await s3.createBucket(bucket)
        let image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/fileshare@sha256:" + String(repeating: "d", count: 64)
        let state = ReleaseState(
            runID: "1796491660-0a1b2c3d", image: image, taskDefinitionArn: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:7",
            liveColor: "blue", newColor: "green", phase: .shifting, stepIndex: 0, greenPercent: 10, strategy: "canary 10% for 5m",
            startedAt: "2026-12-05T17:00:00.000Z", who: "arn:aws:iam::123456789012:user/releaser")
        let key = "releases/fileshare/dev/web/state.json"
        try await s3.putObject(bucket: bucket, key: key, body: .data(try S3.encodeJSONObject(state)), contentType: "application/json")

        let deploy = try await runProcess(
            DeployCommandTests.tenkai,
            ["deploy", "--env", "dev", "--system", "fileshare", "--stack", "security", "--environments", project.environments.path,
             "--out", project.folder.appendingPathComponent("cloud.out").path, "--method", "direct"],
            environment: project.environment, currentDirectory: ProjectPaths.root)
        let plan = try await project.plan(stack: "security")
        for (command, result) in [("deploy", deploy), ("plan", plan)] {
            #expect(result.status == 1, "\(command): \(result.stdout)\n\(result.stderr)")
            #expect(
                result.stderr.contains(
                    "a release is in flight in environment dev, so no stack of it is updated: fileshare/web (run 1796491660-0a1b2c3d by arn:aws:iam::123456789012:user/releaser, since 2026-12-05T17:00:00.000Z, \(image), shifting)"),
                "\(command): \(result.stderr)")
            #expect(result.stderr.contains("tenkai release --env dev --system fileshare --service web --image \(image)"), "\(command): \(result.stderr)")
        }
        #expect(try await project.leftNothing(stackName: "fileshare-dev-security"))

        // The release finished (its state gone): the plan goes ahead.
        try await s3.deleteObject(bucket: bucket, key: key)
        let allowed = try await project.plan(stack: "security")
        #expect(!allowed.stderr.contains("a release is in flight"), "\(allowed.stderr)")
        #expect(allowed.status == 0, "\(allowed.stdout)\n\(allowed.stderr)")
    }
}
