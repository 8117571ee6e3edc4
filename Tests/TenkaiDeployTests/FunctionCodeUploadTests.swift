import AWSClient
import Foundation
import Tenkai
import TenkaiCore
import TenkaiDeploy
import TestSupport
import Testing

/// Function code from a folder, deployed to moto: the package lands in the bootstrap bucket
/// under its content hash before the stack that names it, once.
@Suite struct FunctionCodeUploadTests {
    static let region = "ap-northeast-1"

    /// A session on a pooled moto, its S3, and the bootstrap bucket (created) that deploy uploads code to.
    static func bootstrapBucket() async throws -> (moto: MotoServer, session: AWSSession, s3: S3, bucket: String) {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let session = try MotoDeployment.session(moto)
        let s3 = S3(session)
        let bucket = BootstrapStack.bucketName(account: try await STS(session).getCallerIdentity().account, region: region)
        _ = try? await s3.createBucket(bucket)
        return (moto, session, s3, bucket)
    }

    /// A handler folder whose contents (and so whose key) no other test shares.
    static func handlerFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-code-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "export const handler = async () => ({ statusCode: 200, body: '\(UUID().uuidString)' });\n".write(
            to: folder.appendingPathComponent("index.mjs"), atomically: true, encoding: .utf8)
        return folder
    }

    static func target(folder: URL, system: String) throws -> DeployTarget {
        let environment = EnvironmentConfig(
            name: "dev", tier: .development, account: "123456789012", region: region, multiAZ: false, domain: "dev.example.com", systems: [:])
        let definition = System(system) { _ in
            Stack("api") {
                Function("hello", runtime: .nodejs22, handler: "index.handler", code: .folder(folder.path)).logRetention(days: 14)
            }
        }
        let synthesis = try Synthesis(try Resolver.resolve(definition, in: environment), format: .json)
        let rendered = try #require(synthesis.stacks.first)
        var target = DeployTarget(
            name: rendered.stack.name, stackName: rendered.stack.stackName, region: rendered.stack.region, template: rendered.stack.template,
            tags: rendered.stack.tags, templateBody: rendered.bytes)
        target.assets = rendered.stack.assets.map { StagedAsset(bucketKey: $0.key, sha256: $0.sha256, contents: $0.zip) }
        return target
    }

    @Test func deployUploadsThePackageOnceBeforeTheStackThatNamesIt() async throws {
        let (moto, session, s3, bucket) = try await Self.bootstrapBucket()
        let folder = try Self.handlerFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let asset = try CodeAsset(folder: folder.path, root: folder)
        let target = try Self.target(folder: folder, system: "code\(UUID().uuidString.prefix(6).lowercased())")
        #expect(FunctionCodeUploader.references(in: target.template) == [.init(folder: folder.path, key: asset.key)])

        let aws = AWSConnections(session)
        let run = DeployRun(
            locations: [:], targets: [target], apis: aws.cloudFormation, artifacts: aws.artifacts, reporter: RecordingReporter(),
            options: DeployOptions(polling: PollingPolicy(initial: .milliseconds(20), maximum: .milliseconds(200))))
        let results = await run.run()
        #expect(results.map(\.outcome) == [.created], "\(results.map { $0.error ?? "" })\n\(moto.log().suffix(3000))")
        let stored = try await s3.getObject(bucket: bucket, key: asset.key)
        #expect([UInt8](stored.body) == asset.zip)

        #expect(try await FunctionCodeUploader(s3).upload(target).isEmpty, "already there: nothing to upload")
    }

    @Test func aPackageMissingFromTheTargetOrNotMatchingItsKeyIsRefusedBeforeAnythingIsUploaded() async throws {
        let (_, _, s3, bucket) = try await Self.bootstrapBucket()
        let folder = try Self.handlerFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var target = try Self.target(folder: folder, system: "changed")
        let key = try #require(target.assets.first?.bucketKey)

        target.assets[0].contents += [0]
        let changed = await #expect(throws: DeployError.self) { try await FunctionCodeUploader(s3).upload(target) }
        #expect(changed?.message.contains("is not the bytes its name promises") == true)

        target.assets = []
        let missing = await #expect(throws: DeployError.self) { try await FunctionCodeUploader(s3).upload(target) }
        #expect(missing?.message.contains("which the assembly does not hold") == true)
        #expect(try await s3.headObject(bucket: bucket, key: key) == nil)
    }

    @Test func theTemplateNamesTheBucketBootstrapCreates() throws {
        let target = try Self.target(folder: try Self.handlerFolder(), system: "naming")
        let code = try #require(target.template.resources["HelloFunction"]?.properties["Code"])
        guard case .function("Fn::Sub", .string(let pattern))? = code[path: "S3Bucket"] else {
            Issue.record("S3Bucket is not an Fn::Sub of a string: \(String(describing: code[path: "S3Bucket"]))")
            return
        }
        let filled = pattern.replacing("${AWS::AccountId}", with: "123456789012").replacing("${AWS::Region}", with: Self.region)
        #expect(filled == BootstrapStack.bucketName(account: "123456789012", region: Self.region))
    }
}
