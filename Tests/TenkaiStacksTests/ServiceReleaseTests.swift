import Foundation
import Testing
import Tenkai
import TenkaiCore
import TestSupport

/// What a Service and its LoadBalancer render for releases: the image parameter deploys keep,
/// the outputs `tenkai release` reads, and ECS's own blue/green, canary and linear deployments.
@Suite struct ServiceReleaseTests {
    static let net = Network("main", availabilityZones: 2)
    static let images = Repository("images")
    static let zone = DNS("main", domain: "example.com")
    static let certificate = Certificate("origin", domain: "origin.example.com", in: zone)

    static func components(_ web: Service) -> [any Component] {
        [net, images, zone, certificate, web, LoadBalancer("web", fronting: web, in: net, certificate: certificate.arn)]
            + web.recommendedAlarms()
    }

    static func web(_ strategy: ReleaseStrategy? = nil) -> Service {
        let web = Service("web", in: net) {
            Container("app", image: .repository(images)) { Port(8080, health: "/healthz") }
        }
        .migrations(["./fileshare", "migrate", "--to", "latest version"])
        guard let strategy else { return web }
        return web.ecsManagedDeployment(strategy, bakeMinutes: 10, alarms: web.recommendedAlarms())
    }

    static func template(_ web: Service) throws -> Template {
        try Resolver.resolve(RuleTestSupport.system(components(web)), in: RuleTestSupport.environment(production: false)).stacks[0].template
    }

    @Test func theReleasedImageIsAParameterThatWinsOverTheTagOnceSet() throws {
        let template = try Self.template(Self.web())
        #expect(template.parameters["WebServiceAppImage"]?.defaultValue == "")
        #expect(template.parameters["WebServiceAppImageTag"]?.defaultValue == "latest")
        #expect(template.conditions["WebServiceAppImageSet"] == .function("Fn::Not", [.equals(.ref("WebServiceAppImage"), "")]))
        let image = try #require(template.resources["WebServiceTaskDefinition"]?.properties["ContainerDefinitions"]?.listValue?.first?[path: "Image"])
        guard case .function("Fn::If", .list(let choice)) = image else {
            Issue.record("the image is not an Fn::If: \(image)")
            return
        }
        #expect(choice.prefix(2) == ["WebServiceAppImageSet", .ref("WebServiceAppImage")])
    }

    @Test func releaseOutputsNameTheServiceItsTargetGroupsAndItsMigration() throws {
        let outputs = try Self.template(Self.web()).outputs
        #expect(outputs["WebServiceReleaseService"]?.value == .getAtt("WebService", "Name"))
        #expect(outputs["WebServiceReleaseContainer"]?.value == "app")
        #expect(outputs["WebServiceReleaseImageParameter"]?.value == "WebServiceAppImage")
        #expect(outputs["WebServiceReleaseMigration"]?.value == #"["./fileshare","migrate","--to","latest version"]"#)
        #expect(outputs["WebLoadBalancerReleaseListener"]?.value == .ref("WebLoadBalancerHttpsListener"))
        #expect(outputs["WebLoadBalancerReleaseGreenTargetGroup"]?.value == .ref("WebLoadBalancerGreenTargetGroup"))
        #expect(outputs["WebLoadBalancerReleaseFor"]?.value == "WebService")
        #expect(outputs["WebLoadBalancerReleasePort"]?.value == "8080")
    }

    @Test func ecsDrivenCanaryRendersStrategyAlarmsAndTheAlternateTargetGroup() throws {
        let template = try Self.template(Self.web(.canary(percent: 20, bake: .seconds(90))))
        let service = try #require(template.resources["WebService"])
        let deployment = try #require(service.properties["DeploymentConfiguration"])
        #expect(deployment[path: "Strategy"] == "CANARY")
        #expect(deployment[path: "BakeTimeInMinutes"] == 10)
        #expect(deployment[path: "CanaryConfiguration.CanaryPercent"] == 20)
        #expect(deployment[path: "CanaryConfiguration.CanaryBakeTimeInMinutes"] == 2)
        #expect(deployment[path: "Alarms.AlarmNames"] == ["ruletest-dev-web-cpu", "ruletest-dev-web-memory"])
        #expect(deployment[path: "Alarms.Rollback"] == true)
        let balancer = try #require(service.properties["LoadBalancers"]?.listValue?.first)
        #expect(balancer[path: "AdvancedConfiguration.AlternateTargetGroupArn"] == .ref("WebLoadBalancerGreenTargetGroup"))
        #expect(balancer[path: "AdvancedConfiguration.ProductionListenerRule"] == .ref("WebLoadBalancerProductionRule"))
        #expect(balancer[path: "AdvancedConfiguration.RoleArn"] == .getAtt("WebLoadBalancerTrafficRole", "Arn"))
        #expect(template.resources["WebLoadBalancerProductionRule"]?.type == "AWS::ElasticLoadBalancingV2::ListenerRule")
        #expect(template.outputs["WebLoadBalancerReleaseDrivenBy"]?.value == "ecs")

        let linear = try Self.template(Self.web(.linear(percent: 25, interval: .seconds(120))))
        #expect(linear.resources["WebService"]?.properties["DeploymentConfiguration"]?[path: "LinearConfiguration.StepPercent"] == 25)
        let blueGreen = try Self.template(Self.web(.blueGreen))
        #expect(blueGreen.resources["WebService"]?.properties["DeploymentConfiguration"]?[path: "Strategy"] == "BLUE_GREEN")
        #expect(try Self.template(Self.web()).resources["WebLoadBalancerProductionRule"] == nil)
    }

    /// The real cfn-lint accepts every ECS-driven strategy's template.
    @Test func ecsDrivenDeploymentsAreLintClean() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-ecs-deployments-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [URL] = []
        let strategies: [ReleaseStrategy] = [.blueGreen, .canary(percent: 10, bake: .seconds(300)), .linear(percent: 20, interval: .seconds(60))]
        for (index, strategy) in strategies.enumerated() {
            let resolved = try Resolver.resolve(
                RuleTestSupport.system(Self.components(Self.web(strategy))), in: RuleTestSupport.environment(production: true))
            let synthesis = try Synthesis(resolved, format: .json)
            for stack in synthesis.stacks {
                let file = folder.appendingPathComponent("\(index)-\(stack.fileName)")
                try Data(stack.bytes).write(to: file)
                files.append(file)
            }
        }
        let findings = try await CFNLint.findings(files)
        #expect(findings.isEmpty, "cfn-lint: \(findings.joined(separator: "\n"))")
    }
}
