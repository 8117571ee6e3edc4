import AWSClient
import Foundation
import TenkaiCore
import TenkaiDeploy
import TestSupport
import Testing

/// `tenkai gc` through the real binary against moto: a dry run lists, `--delete` removes.
@Suite struct GCCommandTests {
    @Test func aDryRunOnlyListsAndDeleteRemovesTheGarbage() async throws {
        let moto = try await MotoDeployment.start()
        defer { moto.moto.stop() }
        let s3 = S3(moto.aws.session("ap-northeast-1"))
        // The bucket name tenkai derives from the dev environment file's account and region.
        let bucket = BootstrapStack.bucketName(account: "111111111111", region: "ap-northeast-1")
        try await s3.createBucket(bucket)
        let stale = "templates/fileshare-dev-gone/\(String(repeating: "a", count: 64)).template.json"
        try await s3.putObject(bucket: bucket, key: stale, body: .data(Data("{}".utf8)))

        let executable = DeployCommandTests.tenkai
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build tenkai first: swift build --build-tests")
        let arguments = ["gc", "--env", "dev", "--keep-days", "0", "--plans", "/nonexistent-plans", "--json"]
        let dryRun = try await runProcess(executable, arguments, environment: moto.environment, currentDirectory: ProjectPaths.root)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(dryRun.stdout.utf8)) as? [String: Any])
        #expect(report["dryRun"] as? Bool == true && report["deleted"] as? Int == 0)
        let objects = try #require(report["objects"] as? [[String: Any]])
        #expect(objects.count == 1 && objects[0]["garbage"] as? Bool == true)
        #expect(objects[0]["reason"] as? String == "stack fileshare-dev-gone no longer exists")
        #expect(try await s3.listObjectsV2(bucket: bucket).contents.map(\.key) == [stale])

        let deleted = try await runProcess(executable, arguments + ["--delete"], environment: moto.environment, currentDirectory: ProjectPaths.root)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(try await s3.listObjectsV2(bucket: bucket).contents.isEmpty)
    }
}
