import AWSClient
import Foundation
import Hashing
import TenkaiCore
import TenkaiDeploy
import TestSupport
import Testing

/// `tenkai gc`'s two searches against moto (signatures checked): templates in the bootstrap
/// bucket that no stack runs and no plan sends, and resources tagged by Tenkai whose stack is gone.
@Suite struct GarbageCollectionMotoTests {
    static func bucketTemplate(_ name: String, retained: Bool = false, stack: String) -> String {
        """
        {"Resources": {"Files": {"Type": "AWS::S3::Bucket",\(retained ? " \"DeletionPolicy\": \"Retain\"," : "")
          "Properties": {"BucketName": "\(name)", "Tags": [
            {"Key": "managed-by", "Value": "tenkai"}, {"Key": "tenkai:system", "Value": "gc"},
            {"Key": "tenkai:environment", "Value": "dev"}, {"Key": "tenkai:stack", "Value": "\(stack)"}]}}}}
        """
    }

    static func create(_ name: String, _ body: String, in cloudFormation: CloudFormation) async throws {
        _ = try await cloudFormation.createStack(CreateStackInput(stackName: name, templateBody: body))
        for _ in 0..<100 {
            if let stack = try await cloudFormation.describeStack(name), !stack.stackStatus.rawValue.hasSuffix("IN_PROGRESS") { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func templatesNoStackRunsAndNoPlanSendsAreGarbageAndGoWithDelete() async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let session = try MotoDeployment.session(moto)
        let cloudFormation = CloudFormation(session), s3 = S3(session)
        let bucket = "tenkai-artifacts-123456789012-ap-northeast-1"
        try await s3.createBucket(bucket)
        let running = Self.bucketTemplate("gc-live-files", stack: "live"), old = Self.bucketTemplate("gc-live-files-old", stack: "live")
        try await Self.create("gc-dev-live", running, in: cloudFormation)
        func key(_ stack: String, _ body: String) -> String { "templates/\(stack)/\(SHA256.hex(Array(body.utf8))).template.json" }
        let planned = Self.bucketTemplate("gc-next", stack: "next")
        let keys = [
            key("gc-dev-live", running), key("gc-dev-live", old), key("gc-dev-gone", old), key("gc-dev-next", planned), "templates/notes.txt",
        ]
        for key in keys { try await s3.putObject(bucket: bucket, key: key, body: .data(Data("{}".utf8))) }
        try await s3.putObject(bucket: bucket, key: "plans/keep.json", body: .data(Data("{}".utf8)))

        let collector = ArtifactCollector(cloudFormation: CloudFormationClientAdapter(cloudFormation), s3: s3)
        let plannedSet: Set<String> = ["gc-dev-next/\(SHA256.hex(Array(planned.utf8)))"]
        // Everything written just now is inside a one-hour grace period: nothing is garbage.
        let young = try await collector.scan(bucket: bucket, planned: plannedSet, keepingNewerThan: Date().addingTimeInterval(-3600))
        #expect(young.count == keys.count && young.allSatisfy { !$0.garbage })

        let findings = try await collector.scan(bucket: bucket, planned: plannedSet, keepingNewerThan: Date().addingTimeInterval(3600))
        let verdicts = Dictionary(uniqueKeysWithValues: findings.map { ($0.key, $0) })
        #expect(verdicts[keys[0]]?.garbage == false && verdicts[keys[0]]?.reason == "the template stack gc-dev-live runs")
        #expect(verdicts[keys[1]]?.garbage == true && verdicts[keys[1]]?.reason == "stack gc-dev-live runs a newer template")
        #expect(verdicts[keys[2]]?.garbage == true && verdicts[keys[2]]?.reason == "stack gc-dev-gone no longer exists")
        #expect(verdicts[keys[3]]?.garbage == false && verdicts[keys[3]]?.reason == "an open plan sends it")
        #expect(verdicts[keys[4]]?.garbage == false)
        #expect(verdicts["plans/keep.json"] == nil, "only templates/ is looked at")

        #expect(try await collector.delete(findings, bucket: bucket) == 2)
        let left = try await s3.listObjectsV2(bucket: bucket).contents.map(\.key).sorted()
        #expect(left == [keys[0], keys[3], "plans/keep.json", keys[4]].sorted())
    }

    @Test func aRetainedResourceWhoseStackIsGoneIsReportedAndALiveOneIsNot() async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let session = try MotoDeployment.session(moto)
        let cloudFormation = CloudFormation(session)
        try await Self.create("gc-dev-live", Self.bucketTemplate("gc-live-files", stack: "live"), in: cloudFormation)
        try await Self.create("gc-dev-retired", Self.bucketTemplate("gc-retired-files", retained: true, stack: "retired"), in: cloudFormation)
        try await cloudFormation.deleteStack(DeleteStackInput(stackName: "gc-dev-retired"))

        let orphans = try await OrphanFinder(tagging: ResourceGroupsTagging(session), cloudFormation: CloudFormationClientAdapter(cloudFormation))
            .find(environment: "dev")
        #expect(orphans.map(\.arn) == ["arn:aws:s3:::gc-retired-files"], "\(orphans)")
        #expect(orphans.first?.reason == "stack gc-dev-retired no longer exists")
    }
}
