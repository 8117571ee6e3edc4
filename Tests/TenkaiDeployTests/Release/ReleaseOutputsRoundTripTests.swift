import Tenkai
import TenkaiCore
import Testing
@testable import TenkaiDeploy

/// What the DSL writes is what the release reads: a small system declared here (not `Stacks/`)
/// is resolved, its outputs recorded as a deploy would, and `ReleaseTarget` must find every
/// fact in them, each pointing at a resource of the right type. A suffix renamed on one side only
/// fails here.
@Suite struct ReleaseOutputsRoundTripTests {
    static let environment = EnvironmentConfig(
        name: "dev", tier: .development, account: "123456789012", region: "ap-northeast-1", multiAZ: false, domain: "dev.example.com")
    static let net = Network("main", availabilityZones: 2)
    static let images = Repository("images")
    static let zone = DNS("main", domain: "example.com")
    static let certificate = Certificate("origin", domain: "origin.example.com", in: zone)
    static let app = Container("app", image: .repository(images)) { Port(8080, health: "/healthz") }
    static let web = Service("web", in: net) { app }.migrations(["migrate", "up"])
    static let busy = Alarm("web-busy", on: web.cpuUtilization, threshold: 90)

    /// `web` fronted by `front`, alarms in their own stack; `change` adds to the service, `servers` runs app servers too.
    static func system(service change: (Service) -> Service = { $0 }, servers: Bool = false, serviceName: String = "web") -> System {
        let service = change(serviceName == "web" ? web : Service(serviceName, in: net) { app }.migrations(["migrate", "up"]))
        let front = LoadBalancer("front", fronting: service, in: net, certificate: certificate.arn)
        return System("shop") { _ in
            Stack("app") {
                net
                images
                zone
                certificate
                service
                front
                if servers { AppServers("web", in: net, behind: front, running: app) }
            }
            Stack("monitoring") {
                Alarms("shop", notifying: environment.alarms) { serviceName == "web" ? busy : Alarm("busy", on: service.cpuUtilization, threshold: 90) }
            }
        }
    }

    /// The system's stacks and outputs as `outputs.json` records them: literals as they are,
    /// references as `physical:<logical ID>`; and the type of every resource by logical ID.
    static func deploy(_ system: System) throws -> (outputs: [String: ReleaseTarget.StackOutputs], types: [String: String]) {
        let resolved = try Resolver.resolve(system, in: environment)
        var stacks: [String: ReleaseTarget.StackOutputs] = [:]
        var types: [String: String] = [:]
        for stack in resolved.stacks {
            let outputs = stack.template.outputs.mapValues { $0.value.stringValue ?? "physical:\($0.value.referencedLogicalID ?? "?")" }
            stacks[stack.name] = .init(stackName: stack.stackName, region: stack.region, outputs: outputs)
            for (id, resource) in stack.template.resources { types["physical:" + id] = resource.type }
        }
        return (stacks, types)
    }

    @Test func theReleaseFindsEveryFactTheServiceItsLoadBalancerAndTheAlarmsPublish() throws {
        let (outputs, types) = try Self.deploy(Self.system())
        let target = try ReleaseTarget.fromOutputs(system: "shop", environment: "dev", service: "web", outputs: outputs)
        #expect(types[target.cluster] == "AWS::ECS::Cluster")
        #expect(target.blue.serviceName == "physical:WebService" && types[target.blue.serviceName] == "AWS::ECS::Service")
        #expect(target.green.serviceName == "physical:WebService-green")
        #expect(types[target.blue.targetGroupArn] == "AWS::ElasticLoadBalancingV2::TargetGroup")
        #expect(types[target.green.targetGroupArn] == "AWS::ElasticLoadBalancingV2::TargetGroup")
        #expect(target.blue.targetGroupArn != target.green.targetGroupArn)
        #expect(types[target.listenerArn] == "AWS::ElasticLoadBalancingV2::Listener")
        #expect(target.containerName == "app" && target.containerPort == 8080)
        #expect(target.migrationCommand == ["migrate", "up"])
        #expect(target.imageStack == "shop-dev-app" && target.imageParameter == "WebServiceAppImage")
        #expect(target.alarmNames == ["shop-dev-web-busy"])
        #expect(target.stackNames == ["shop-dev-app", "shop-dev-monitoring"])
        #expect(!target.ecsManaged)
        #expect(target.ruleArn == nil && target.launchTemplateID == nil)
    }

    @Test func aServiceECSReleasesIsReadAsSo() throws {
        let (outputs, _) = try Self.deploy(Self.system(service: { $0.ecsManagedDeployment(.canary(percent: 10, bake: .seconds(120)), alarms: [Self.busy]) }))
        let target = try ReleaseTarget.fromOutputs(system: "shop", environment: "dev", service: "web", outputs: outputs)
        #expect(target.ecsManaged)
    }

    @Test func appServersAreFoundByTheirOwnOutputs() throws {
        let (outputs, types) = try Self.deploy(Self.system(servers: true))
        let target = try ReleaseTarget.fromOutputs(system: "shop", environment: "dev", service: "web", outputs: outputs)
        #expect(types[target.blue.serviceName] == "AWS::AutoScaling::AutoScalingGroup")
        #expect(types[target.green.serviceName] == "AWS::AutoScaling::AutoScalingGroup")
        #expect(target.blue.serviceName != target.green.serviceName)
        #expect(types[target.blue.targetGroupArn] == "AWS::ElasticLoadBalancingV2::TargetGroup")
        #expect(types[target.green.targetGroupArn] == "AWS::ElasticLoadBalancingV2::TargetGroup")
        #expect(types[try #require(target.ruleArn)] == "AWS::ElasticLoadBalancingV2::ListenerRule")
        #expect(types[try #require(target.launchTemplateID)] == "AWS::EC2::LaunchTemplate")
        #expect(types[target.listenerArn] == "AWS::ElasticLoadBalancingV2::Listener")
        #expect(target.containerPort == 8080)
        #expect(target.imageParameter == "WebAppServersAppImage")
        #expect(target.alarmNames == ["shop-dev-web-busy"])
    }

    @Test func theOnlyReleasedServiceAndItsGreenTwinAreFoundFromTheTemplates() throws {
        let resolved = try Resolver.resolve(Self.system(), in: Self.environment)
        let declared = resolved.stacks.map {
            ReleaseTarget.DeclaredStack(name: $0.name, stackName: $0.stackName, region: $0.region, outputNames: Array($0.template.outputs.keys))
        }
        #expect(try ReleaseTarget.onlyService(of: "shop", declaredBy: declared, components: resolved.components) == "web")
        let (outputs, types) = try Self.deploy(Self.system())
        let green = GreenServiceCleanup.greenServices(in: try #require(outputs["app"]).outputs)
        #expect(green.map(\.service) == ["physical:WebService-green"])
        #expect(green.map { types[$0.cluster] } == ["AWS::ECS::Cluster"])
    }

    @Test func aServiceNamedWithDashesIsFoundByItsOwnName() throws {
        // `file-share` publishes `FileShareServiceReleaseService`; lower-casing the ID gives
        // `fileshare`, which names no component. The tree gives the name as declared.
        let resolved = try Resolver.resolve(Self.system(serviceName: "file-share"), in: Self.environment)
        let declared = resolved.stacks.map {
            ReleaseTarget.DeclaredStack(name: $0.name, stackName: $0.stackName, region: $0.region, outputNames: Array($0.template.outputs.keys))
        }
        let name = try ReleaseTarget.onlyService(of: "shop", declaredBy: declared, components: resolved.components)
        #expect(name == "file-share")
        #expect(ReleaseOutputs.serviceID(named: name) == "FileShareService")
    }
}
