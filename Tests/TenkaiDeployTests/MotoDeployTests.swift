import AWSClient
import Foundation
import Tenkai
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// The life of the file-sharing dev environment against moto in server mode, signatures
/// checked: bootstrap, deploy, a no-op deploy, an update, a diff, destroy, for the stacks moto can
/// create (``MotoDeployment/targets``). Moto finishes every operation at once and drops some
/// resource types and properties, so the assertions are about what it keeps.
@Suite("Deploying the file-sharing system to moto", .serialized)
struct MotoDeployTests {
    @Test func bootstrapDeployNoOpUpdateDiffAndDestroy() async throws {
        let moto = try await MotoDeployment.start()
        defer { moto.moto.stop() }
        let cloudFormation = moto.aws.cloudFormation("ap-northeast-1")

        // Bootstrap: the artifacts bucket stack.
        let bootstrap = try await StackDeployer(api: cloudFormation, artifacts: nil, reporter: RecordingReporter(), options: DeployOptions())
            .deploy(BootstrapStack.target(region: "ap-northeast-1"), parameters: [:])
        #expect(bootstrap.outcome == .created)
        #expect(try await cloudFormation.describeStack(named: BootstrapStack.stackName)?.status == "CREATE_COMPLETE")
        let bucket = try await moto.aws.artifacts("ap-northeast-1")!.bootstrapBucketName()
        _ = try await S3(moto.aws.session("ap-northeast-1")).listObjectsV2(bucket: bucket)  // throws NoSuchBucket if it is not there

        // Deploy every stack of dev.
        let targets = moto.targets
        let s3 = S3(moto.aws.session("ap-northeast-1"))
        #expect(!targets.isEmpty)
        #expect(!targets.flatMap(Self.bucketNames).isEmpty, "the file-sharing system has named buckets")
        let events = RecordingReporter()
        let first = await moto.run(targets, reporter: events).run()
        #expect(first.allSatisfy { $0.outcome == .created }, "\(first.map { "\($0.stack): \($0.outcome) \($0.error ?? "")" })")
        for target in targets {
            let stack = try #require(try await cloudFormation.describeStack(named: target.stackName))
            #expect(stack.status == "CREATE_COMPLETE")
            #expect(stack.tags["tenkai:environment"] == "dev")
            // Moto skips some types (bucket policies among them) but keeps buckets: every named one exists.
            for name in Self.bucketNames(in: target) {
                _ = try await s3.listObjectsV2(bucket: name)
            }
            #expect(try await cloudFormation.getTemplate(stackName: target.stackName) == String(decoding: target.templateBody, as: UTF8.self))
        }
        #expect(events.events.contains { $0.kind == .stackFinished && $0.status == "CREATE_COMPLETE" })

        // A second deploy changes nothing, with at most three calls per stack (its time: scripts/bench-deploy.sh).
        let counting = CountingCloudFormation(cloudFormation)
        let second = await moto.run(targets, api: counting).run()
        #expect(second.allSatisfy { $0.outcome == .unchanged })
        #expect(counting.calls.count <= 3 * targets.count, "\(counting.calls)")
        #expect(!counting.calls.contains("CreateChangeSet"))

        // An update: one more tag on the buckets of the first stack that has one.
        var changed = try #require(targets.first { !Self.bucketNames(in: $0).isEmpty })
        for (id, resource) in changed.template.resources where resource.type == "AWS::S3::Bucket" {
            ResourceTags.apply([("tenkai:test-revision", "2")], to: &changed.template.resources[id]!)
        }
        changed = DeployTarget(
            name: changed.name, stackName: changed.stackName, region: changed.region, template: changed.template,
            dependencies: changed.dependencies, parameterSources: changed.parameterSources, tags: changed.tags,
            templateBody: JSONRenderer.render(changed.template.value))

        // Diff first: the change set shows the modifications and is deleted again.
        let diffs = await DiffRun(deploy: moto.run([changed])).run()
        #expect(diffs.count == 1)
        #expect(diffs[0].exists)
        #expect(diffs[0].error == nil)
        #expect(!diffs[0].changes.isEmpty)
        #expect(diffs[0].changes.allSatisfy { $0.change.action == "Modify" })
        let original = try #require(targets.first { $0.name == changed.name })
        #expect(try await cloudFormation.getTemplate(stackName: changed.stackName) == String(decoding: original.templateBody, as: UTF8.self), "diff executed nothing")

        let update = await moto.run([changed]).run()
        #expect(update.map(\.outcome) == [.updated], "\(update.map { $0.error ?? "" })")
        #expect(try await cloudFormation.describeStack(named: changed.stackName)?.status == "UPDATE_COMPLETE")
        #expect(try await cloudFormation.getTemplate(stackName: changed.stackName).contains("tenkai:test-revision"))

        // Destroy, last stack first; what the templates retain is listed.
        let destroyed = try await DestroyRun(targets: targets, apis: { _ in cloudFormation }, reporter: RecordingReporter(), options: DeployOptions(), confirmed: false).run()
        #expect(destroyed.allSatisfy { $0.outcome == .deleted }, "\(destroyed.map { "\($0.stack): \($0.outcome) \($0.error ?? "")" })")
        for target in targets {
            #expect(try await cloudFormation.describeStack(named: target.stackName) == nil)
        }
        for name in targets.flatMap(Self.bucketNames) {
            await #expect(throws: AWSError.self, "bucket \(name) is gone") { try await s3.listObjectsV2(bucket: name) }
        }
        let retainedInTemplates = targets.flatMap { target in target.template.resources.filter { $0.value.deletionPolicy == .retain }.map(\.key) }
        #expect(Set(destroyed.flatMap(\.retained).map(\.logicalID)) == Set(retainedInTemplates))
    }

    /// The buckets' physical names as moto makes them: names carry the account (moto's is
    /// 123456789012) and the region, through Fn::Sub, so they are unique across accounts.
    static func bucketNames(in target: DeployTarget) -> [String] {
        target.template.resources.values.filter { $0.type == "AWS::S3::Bucket" }.compactMap { bucket in
            guard case .function("Fn::Sub", .string(let name)) = bucket.properties["BucketName"] else {
                return bucket.properties["BucketName"]?.stringValue
            }
            return name.replacingOccurrences(of: "${AWS::AccountId}", with: "123456789012")
                .replacingOccurrences(of: "${AWS::Region}", with: "ap-northeast-1")
        }
    }

    @Test func aTemplateOverTheInlineLimitTravelsThroughTheBootstrapBucket() async throws {
        let moto = try await MotoDeployment.start()
        defer { moto.moto.stop() }
        let cloudFormation = moto.aws.cloudFormation("ap-northeast-1")
        _ = try await StackDeployer(api: cloudFormation, artifacts: nil, reporter: RecordingReporter(), options: DeployOptions())
            .deploy(BootstrapStack.target(region: "ap-northeast-1"), parameters: [:])
        var template = Template(description: String(repeating: "large template ", count: 4_000))
        template.resources["Queue"] = Resource(type: "AWS::SQS::Queue", properties: ["MessageRetentionPeriod": 345_600])
        let target = DeployTarget(name: "large", stackName: "tenkai-test-large", region: "ap-northeast-1", template: template, templateBody: JSONRenderer.render(template.value))
        #expect(target.templateBody.count > 51_200)
        let result = try await StackDeployer(api: cloudFormation, artifacts: moto.aws.artifacts("ap-northeast-1"), reporter: RecordingReporter(), options: DeployOptions())
            .deploy(target, parameters: [:])
        #expect(result.outcome == .created)
        #expect(try await cloudFormation.describeStack(named: "tenkai-test-large")?.status == "CREATE_COMPLETE")
        let bucket = try await moto.aws.artifacts("ap-northeast-1")!.bootstrapBucketName()
        let stored = try await S3(moto.aws.session("ap-northeast-1")).headObject(bucket: bucket, key: "templates/tenkai-test-large/\(target.templateSHA256).template.json")
        #expect(stored != nil)
    }
}
