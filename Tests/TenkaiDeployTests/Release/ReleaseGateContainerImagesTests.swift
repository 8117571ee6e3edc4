@testable import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// A release plan of several images binds all of them: approvers sign that set, and a release
/// with any of them changed, added or left out is refused. The real binary against moto, in the
/// folders of ``ReleaseGateTests`` (CI, two approvers, the release job).
@Suite("Gated releases of several images, against moto", .serialized)
struct ReleaseGateContainerImagesTests {
    @Test func aPlanBoundToTwoImagesRunsOnlyWithThoseTwo() async throws {
        let gate = ReleaseGateTests()
        let fixture = try await ReleaseFixture.start(environment: "prod", sidecar: true)
        defer { try? FileManager.default.removeItem(at: gate.root) }
        let pdmKey = try Ed25519.PrivateKey.generate(), plKey = try Ed25519.PrivateKey.generate()
        let keys = ["pdm": pdmKey, "pl": plKey]
        let ci = try await gate.role("ci", fixture: fixture, keys: keys)
        let pdm = try await gate.role("pdm", fixture: fixture, keys: keys)
        let pl = try await gate.role("pl", fixture: fixture, keys: keys)
        let releaser = try await gate.role("releaser", fixture: fixture, keys: keys)
        let prod = try EnvironmentLoader.load(ci.folder.appendingPathComponent("Environments/prod.yaml"))
        struct PutParameter: Encodable {
            var name: String, value: String, type = "String"
            enum CodingKeys: String, CodingKey { case name = "Name", value = "Value", type = "Type" }
        }
        _ = try await fixture.session.json(.ssm, "PutParameter", PutParameter(name: GatePolicy.parameterName, value: GatePolicy(prod).json), as: Nothing.self)
        try await S3(fixture.session).createBucket(ReleaseGateTests.bucket)

        let (app, sidecar) = (fixture.images[0], fixture.images[1])
        let otherSidecar = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare@sha256:" + String(repeating: "f", count: 64)
        let selection = ["--env", "prod", "--system", "fileshare", "--bake", "1s"]

        // A plan needs every image by digest.
        let tagged = try await gate.tenkai(
            ["plan", "release"] + selection + ["--image", app, "--image", "sidecar=123456789012.dkr.ecr.us-east-1.amazonaws.com/sidecar:v2"], as: ci)
        #expect(tagged.status == 1, "\(tagged.stderr)")
        #expect(tagged.stderr.contains("needs container sidecar's image by digest") && tagged.stderr.contains("--image sidecar="), "\(tagged.stderr)")

        let made = try await gate.tenkai(["plan", "release"] + selection + ["--image", app, "--image", "sidecar=\(sidecar)", "--json"], as: ci)
        #expect(made.status == 0, "\(made.stderr)")
        let document = try #require((try? JSONSerialization.jsonObject(with: Data(made.stdout.utf8))) as? [String: Any], "\(made.stdout)\(made.stderr)")
        #expect(document["containerImages"] as? [String: String] == ["sidecar": sidecar])
        let planID = try #require(document["planId"] as? String)
        let shown = try await gate.tenkai(["plan", "show", planID, "--env", "prod"], as: pdm)
        #expect(shown.stdout.contains("image \(app)") && shown.stdout.contains("container sidecar image \(sidecar)"), "\(shown.stdout)")
        for (approver, key) in [(pdm, pdmKey), (pl, plKey)] {
            #expect(try await gate.tenkai(["approve", planID, "--env", "prod", "--key", try gate.keyFile(key, in: approver), "--yes"], as: approver).status == 0)
        }

        let release = ["release"] + selection + ["--json", "--plan", planID]
        let refusals: [(String, [String], String)] = [
            ("the sidecar changed", ["--image", app, "--image", "sidecar=\(otherSidecar)"], "container sidecar's image \(otherSidecar), the plan releases \(sidecar)"),
            ("the sidecar left out", ["--image", app], "container sidecar's image unchanged, the plan releases \(sidecar)"),
        ]
        for (name, images, reason) in refusals {
            let refused = try await gate.tenkai(release + images, as: releaser)
            #expect(refused.status == 1, "\(name): \(refused.stderr)")
            #expect(refused.stderr.contains("is not the one plan \(planID) approves") && refused.stderr.contains(reason), "\(name): \(refused.stderr)")
        }
        #expect(try await fixture.weights() == ["blue": 1], "nothing was released")

        let released = try await gate.tenkai(release + ["--image", app, "--image", "sidecar=\(sidecar)"], as: releaser)
        #expect(released.status == 0, "\(released.stderr)")
        let parameters = try #require(try await CloudFormation(fixture.session).describeStack(fixture.stackName)?.parameters)
        #expect(parameters.first { $0.parameterKey == "WebServiceAppImage" }?.parameterValue == app)
        #expect(parameters.first { $0.parameterKey == "WebServiceSidecarImage" }?.parameterValue == sidecar)
    }
}
