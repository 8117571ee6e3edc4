import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// `tenkai release --image REF --image CONTAINER=REF` as CI runs it: the real binary against moto
/// (through the release proxy), the target read from the deployed stacks' outputs.
@Suite("tenkai release of several images against moto", .serialized)
struct ReleaseContainerImagesCommandTests {
    /// `tenkai release … --image images[0] --image images[1] …`.
    static func arguments(_ folder: URL, images: [String]) -> [String] {
        ReleaseCommandTests.arguments(folder, image: images[0]) + images.dropFirst().flatMap { ["--image", $0] }
    }

    @Test func twoImagesFromTheCommandLineEndInTheStackAndTheRecord() async throws {
        let fixture = try await ReleaseFixture.start(environment: "dev", sidecar: true)
        let folder = try await ReleaseCommandTests.project(for: fixture)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (app, sidecar) = (fixture.images[0], fixture.images[1])
        let started = Date()
        let result = try await runProcess(
            DeployCommandTests.tenkai, Self.arguments(folder, images: [app, "sidecar=\(sidecar)"]), environment: ReleaseCommandTests.environment(fixture))
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains(#""event":"release-finished""#))
        #expect(fixture.proxy.count("RegisterTaskDefinition", since: started) == 1)
        #expect(fixture.proxy.count("RunTask", since: started) == 1, "one migration")
        #expect(fixture.proxy.count("UpdateStack", since: started) == 1, "one hand-back")
        let parameters = try #require(try await CloudFormation(fixture.session).describeStack(fixture.stackName)?.parameters)
        #expect(parameters.first { $0.parameterKey == "WebServiceAppImage" }?.parameterValue == app)
        #expect(parameters.first { $0.parameterKey == "WebServiceSidecarImage" }?.parameterValue == sidecar)
        // The record in the account's bootstrap bucket, where the command keeps it.
        let s3 = S3(fixture.session)
        let bucket = BootstrapStack.bucketName(account: try await STS(fixture.session).getCallerIdentity().account, region: "us-east-1")
        let keys = try await s3.listObjectsV2(bucket: bucket, prefix: "releases").contents.map(\.key).filter { $0.contains("/records/") }
        let key = try #require(keys.first, "one record")
        #expect(keys.count == 1)
        let record = try JSONDecoder().decode(ReleaseRecord.self, from: try await s3.getObject(bucket: bucket, key: key).body)
        #expect(record.image == app && record.containerImages == ["sidecar": sidecar])
    }

    /// Usage errors exit 64 with what is wrong and how to fix it, before anything changes.
    @Test func badImageArgumentsAreUsageErrors() async throws {
        let fixture = try await ReleaseFixture.start(environment: "dev", sidecar: true)
        let folder = try await ReleaseCommandTests.project(for: fixture)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (app, other) = (fixture.images[0], fixture.images[1])
        let cases: [(String, [String], [String])] = [
            ("only named images", ["sidecar=\(other)"], ["--image REF (the released container's image, without a name) is missing"]),
            ("two unnamed images", [app, other], ["without a container name is given 2 times", "--image gateway=REF"]),
            ("a container named twice", [app, "sidecar=\(other)", "sidecar=\(app)"], ["names container sidecar twice"]),
            ("no container name", [app, "=\(other)"], ["--image =\(other) is not CONTAINER=REF"]),
            ("a container the service lacks", [app, "gateway=\(other)"], ["has no container 'gateway'", "name one of: sidecar"]),
            ("the released container named", [app, "app=\(other)"], ["container app is the released container", "without a name: --image \(other)"]),
            ("a malformed image", [app, "sidecar=sidecar:v2"], ["--image sidecar=sidecar:v2: image 'sidecar:v2' names no registry host"]),
        ]
        let started = Date()
        for (name, images, messages) in cases {
            let refused = try await runProcess(
                DeployCommandTests.tenkai, Self.arguments(folder, images: images), environment: ReleaseCommandTests.environment(fixture))
            #expect(refused.status == 64, "\(name): \(refused.stderr)")
            for message in messages { #expect(refused.stderr.contains(message), "\(name): \(refused.stderr)") }
        }
        #expect(fixture.proxy.count("RegisterTaskDefinition", since: started) == 0)
        #expect(fixture.proxy.count("PutObject", since: started) == 0, "no lock was ever taken")
    }
}
