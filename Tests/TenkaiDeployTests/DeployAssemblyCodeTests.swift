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
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-assembly-code-\(UUID().uuidString)")

    func tenkai(_ arguments: [String], _ moto: MotoDeployment, in directory: URL) async throws -> ProcessResult {
        try await runProcess(DeployCommandTests.tenkai, arguments, environment: moto.environment, currentDirectory: directory)
    }

    @Test func theApiStacksCodeIsUploadedFromTheAssemblyAlone() async throws {
        let moto = try await MotoDeployment.start()
        defer { moto.moto.stop(); try? FileManager.default.removeItem(at: folder) }
        let ci = folder.appendingPathComponent("ci"), deployer = folder.appendingPathComponent("deployer")
        try FileManager.default.createDirectory(at: ci, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: deployer, withIntermediateDirectories: true)

        // CI: synthesize in a folder outside the repository; the code folder resolves from the project root.
        let synth = try await tenkai(
            ["synth", "--system", "stamp-rally", "--env", "dev", "--environments", ProjectPaths.root.appendingPathComponent("Environments").path,
             "--out", "cloud.out"], moto, in: ci)
        #expect(synth.status == 0, "\(synth.stderr)")
        let written = try CloudAssembly.read(ci.appendingPathComponent("cloud.out/stamp-rally/dev"))
        let asset = try #require(written.manifest.assets.first)
        #expect(written.manifest.assets.count == 1)
        #expect(asset.stacks == ["api"])
        #expect(asset.source == "Stacks/StampRally/functions")
        let package = try CodeAsset(folder: asset.source, root: ProjectPaths.root)
        #expect(asset.bucketKey == package.key)

        // The deployer's folder gets the assembly and nothing else.
        try FileManager.default.copyItem(at: ci.appendingPathComponent("cloud.out"), to: deployer.appendingPathComponent("artifact"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: deployer.path) == ["artifact"])
        let selection = ["--assembly", "artifact", "--env", "dev", "--system", "stamp-rally"]
        #expect(try await tenkai(["bootstrap"] + selection, moto, in: deployer).status == 0)

        let session = moto.aws.session("ap-northeast-1")
        let s3 = S3(session)
        let bucket = BootstrapStack.bucketName(account: try await STS(session).getCallerIdentity().account, region: "ap-northeast-1")
        #expect(try await s3.headObject(bucket: bucket, key: asset.bucketKey) == nil)

        // Only the api stack: moto's CloudFormation cannot create it (CreateStack answers HTTP 500
        // and leaves it CREATE_IN_PROGRESS, and it cannot create the auth stack's Cognito user pool
        // it imports from), so CloudFormation refuses it for the missing export. That refusal comes
        // after the upload: the package is in the bucket because the api stack was about to deploy.
        let deploy = try await tenkai(["deploy"] + selection + ["--stack", "api", "--method", "direct", "--wait-timeout", "1"], moto, in: deployer)
        #expect(deploy.status == 1)
        #expect(deploy.stdout.contains("No export named stamp-rally-dev-"), "\(deploy.stderr)\n\(deploy.stdout)")
        let stored = try await s3.getObject(bucket: bucket, key: asset.bucketKey)
        #expect([UInt8](stored.body) == package.zip, "the bucket holds the assembly's bytes\n\(deploy.stderr)")
        #expect(!FileManager.default.fileExists(atPath: deployer.appendingPathComponent("cloud.out").path), "nothing was synthesized")

        // Already there: the next deploy does not upload it again (the object keeps its time).
        let modified = try #require(try await s3.headObject(bucket: bucket, key: asset.bucketKey))
        _ = try await tenkai(["deploy"] + selection + ["--stack", "api", "--method", "direct", "--wait-timeout", "1"], moto, in: deployer)
        #expect(try await s3.headObject(bucket: bucket, key: asset.bucketKey) == modified)
    }

    @Test func aPackageChangedAfterSynthIsRefusedBeforeAnyAWSCall() async throws {
        let moto = try await MotoDeployment.start()
        defer { moto.moto.stop(); try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let synth = try await tenkai(
            ["synth", "--system", "stamp-rally", "--env", "dev", "--environments", ProjectPaths.root.appendingPathComponent("Environments").path,
             "--out", "artifact"], moto, in: folder)
        #expect(synth.status == 0, "\(synth.stderr)")
        let assembly = try CloudAssembly.read(folder.appendingPathComponent("artifact/stamp-rally/dev"))
        let asset = try #require(assembly.manifest.assets.first)
        let file = folder.appendingPathComponent("artifact/stamp-rally/dev/\(asset.path)")
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: file)

        let selection = ["--assembly", "artifact", "--env", "dev", "--system", "stamp-rally"]
        let tampered = try await tenkai(["deploy"] + selection + ["--stack", "api", "--method", "direct"], moto, in: folder)
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("\(asset.path) was changed after synth"), "\(tampered.stderr)")
        #expect(!tampered.stdout.contains("stack-started"))
        // Nothing reached the emulator: not even the bootstrap bucket exists.
        let session = moto.aws.session("ap-northeast-1")
        let bucket = BootstrapStack.bucketName(account: try await STS(session).getCallerIdentity().account, region: "ap-northeast-1")
        #expect(try await S3(session).headObject(bucket: bucket, key: asset.bucketKey) == nil)
    }
}
