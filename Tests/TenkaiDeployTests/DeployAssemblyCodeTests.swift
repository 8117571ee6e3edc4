import AWSClient
import Foundation
import TenkaiCore
import TenkaiDeploy
import Testing
import TestSupport

/// Function code travels in the assembly: synth (run from a folder that is not the repository
/// root) packages the stamp rally's handlers into it, and `tenkai deploy --assembly` from a folder
/// holding only that assembly uploads the package to the bootstrap bucket, byte for byte, before
/// the api stack; a package changed after synth is refused before any AWS call.
///
/// The api stack itself does not create on moto (its CreateStack fails with HTTP 500, and the
/// auth stack it imports from holds a Cognito user pool moto's CloudFormation lacks); the test
/// checks what deploy does with the code, which happens before CloudFormation is asked.
@Suite("tenkai deploy --assembly with function code, against moto", .serialized)
struct DeployAssemblyCodeTests {
    @Test func theApiStacksCodeIsUploadedFromTheAssemblyAlone() async throws {
        let handoff = try await AssemblyHandoff.start("assembly-code")
        defer { handoff.stop() }
        let (moto, ci, deployer) = (handoff.moto, handoff.ci, handoff.deployer)

        // CI: synthesize in a folder outside the repository; the code folder resolves from the project root.
        let synth = try await handoff.synth("stamp-rally", out: "cloud.out", in: ci)
        #expect(synth.status == 0, "\(synth.stderr)")
        let written = try CloudAssembly.read(ci.appendingPathComponent("cloud.out/stamp-rally/dev"))
        let asset = try #require(written.manifest.assets.first)
        #expect(written.manifest.assets.count == 1)
        #expect(asset.stacks == ["api"])
        #expect(asset.source == "Stacks/StampRally/functions")
        let package = try CodeAsset(folder: asset.source, root: ProjectPaths.root)
        #expect(asset.bucketKey == package.key)

        // The deployer's folder gets the assembly and nothing else.
        try handoff.handOver()
        let selection = AssemblyHandoff.selection("stamp-rally")
        #expect(try await handoff.tenkai(["bootstrap"] + selection, in: deployer).status == 0)

        let s3 = S3(moto.aws.session("ap-northeast-1"))
        let bucket = try await handoff.bootstrapBucket()
        #expect(try await s3.headObject(bucket: bucket, key: asset.bucketKey) == nil)

        // Only the api stack: moto's CloudFormation cannot create it (CreateStack answers HTTP 500
        // and leaves it CREATE_IN_PROGRESS, and it cannot create the auth stack's Cognito user pool
        // it imports from), so CloudFormation refuses it for the missing export. That refusal comes
        // after the upload: the package is in the bucket because the api stack was about to deploy.
        let deploy = try await handoff.tenkai(["deploy"] + selection + ["--stack", "api", "--method", "direct", "--wait-timeout", "1"], in: deployer)
        #expect(deploy.status == 1)
        #expect(deploy.stdout.contains("No export named stamp-rally-dev-"), "\(deploy.stderr)\n\(deploy.stdout)")
        let stored = try await s3.getObject(bucket: bucket, key: asset.bucketKey)
        #expect([UInt8](stored.body) == package.zip, "the bucket holds the assembly's bytes\n\(deploy.stderr)")
        #expect(!FileManager.default.fileExists(atPath: deployer.appendingPathComponent("cloud.out").path), "nothing was synthesized")

        // Already there: the next deploy does not upload it again (the object keeps its time).
        let modified = try #require(try await s3.headObject(bucket: bucket, key: asset.bucketKey))
        _ = try await handoff.tenkai(["deploy"] + selection + ["--stack", "api", "--method", "direct", "--wait-timeout", "1"], in: deployer)
        #expect(try await s3.headObject(bucket: bucket, key: asset.bucketKey) == modified)
    }

    @Test func aPackageChangedAfterSynthIsRefusedBeforeAnyAWSCall() async throws {
        let handoff = try await AssemblyHandoff.start("assembly-code")
        defer { handoff.stop() }
        let folder = handoff.folder
        let synth = try await handoff.synth("stamp-rally", out: "artifact", in: folder)
        #expect(synth.status == 0, "\(synth.stderr)")
        let assembly = try CloudAssembly.read(folder.appendingPathComponent("artifact/stamp-rally/dev"))
        let asset = try #require(assembly.manifest.assets.first)
        let file = folder.appendingPathComponent("artifact/stamp-rally/dev/\(asset.path)")
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: file)

        let tampered = try await handoff.tenkai(["deploy"] + AssemblyHandoff.selection("stamp-rally") + ["--stack", "api", "--method", "direct"], in: folder)
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("\(asset.path) was changed after synth"), "\(tampered.stderr)")
        #expect(!tampered.stdout.contains("stack-started"))
        // Nothing reached the emulator: not even the bootstrap bucket exists.
        #expect(try await S3(handoff.moto.aws.session("ap-northeast-1")).headObject(bucket: try await handoff.bootstrapBucket(), key: asset.bucketKey) == nil)
    }
}
