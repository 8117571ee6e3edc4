import Testing
import Tenkai
import TenkaiCore
import TenkaiStacks

/// Values crossing regions become an output of the producer and a parameter of the consumer;
/// the CloudFront pieces live in us-east-1.
@Suite struct FileShareCrossRegionTests {
    @Test func edgeStackTakesTheUSEast1CertificateAndACLAsParameters() throws {
        let resolved = try Resolver.resolve(fileShare, in: try FileShareFixtures.environment("prod"))
        let global = try #require(resolved.stack(named: "edge-global"))
        let edge = try #require(resolved.stack(named: "edge"))
        #expect(global.region == "us-east-1")
        #expect(edge.region == "ap-northeast-1")
        #expect(edge.dependencies.contains("edge-global"))
        #expect(edge.parameterSources["EdgeCertificateRef"].map { [$0.stack, $0.output] } == ["edge-global", "EdgeCertificateRef"])
        #expect(edge.parameterSources["EdgeWebAclArn"].map { [$0.stack, $0.output] } == ["edge-global", "EdgeWebAclArn"])
        #expect(global.template.outputs["EdgeCertificateRef"]?.exportName == nil, "exports do not cross regions")
        let config = edge.template.resources["WebDistribution"]?.properties["DistributionConfig"]
        #expect(config?[path: "ViewerCertificate.AcmCertificateArn"] == .ref("EdgeCertificateRef"))
        #expect(config?[path: "WebACLId"] == .ref("EdgeWebAclArn"))
        // The hosted zone reaches us-east-1 as a parameter too, while app imports it.
        #expect(global.parameterSources["MainZoneRef"].map { [$0.stack, $0.output] } == ["network", "MainZoneRef"])
        #expect(resolved.stack(named: "network")?.template.outputs["MainZoneRef"]?.exportName == "fileshare-prod-network-MainZoneRef")
    }

    @Test(arguments: [true, false])
    func anOutputUsedInBothRegionsKeepsItsExport(crossRegionFirst: Bool) throws {
        let bucket = Bucket("shared")
        let local = RawResource("local-user", type: "AWS::SSM::Parameter", properties: [
            "Type": "String", "Value": bucket.bucketName.value,
        ])
        let remote = RawResource("remote-user", type: "AWS::SSM::Parameter", properties: [
            "Type": "String", "Value": bucket.bucketName.value,
        ])
        let system = System("linktest") { _ in
            Stack("producer") { bucket }
            if crossRegionFirst {
                Stack("remote", region: "us-east-1") { remote }
                Stack("local") { local }
            } else {
                Stack("local") { local }
                Stack("remote", region: "us-east-1") { remote }
            }
        }
        let resolved = try Resolver.resolve(system, in: RuleTestSupport.environment(production: false))
        let output = resolved.stack(named: "producer")?.template.outputs["SharedBucketRef"]
        #expect(output?.exportName == "linktest-dev-producer-SharedBucketRef")
        #expect(resolved.stack(named: "local")?.template.resources["LocalUser"]?.properties["Value"]
            == .importValue("linktest-dev-producer-SharedBucketRef"))
        #expect(resolved.stack(named: "remote")?.template.resources["RemoteUser"]?.properties["Value"] == .ref("SharedBucketRef"))
    }

    @Test func aCloudFrontACLOutsideUSEast1IsAnError() {
        let found = RuleTestSupport.diagnostics([WebACL("edge", scope: .cloudFront)])
        #expect(found.contains { $0.severity == .error && $0.message.contains("us-east-1") && $0.componentPath == "ruletest/main/edge" })
    }
}
