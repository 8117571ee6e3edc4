import Tenkai
import TenkaiCore
import Testing

/// The outputs a released service, its load balancer and the alarm group publish are exactly
/// the names ``ReleaseOutputs`` defines, and read back to the components that wrote them.
@Suite struct ReleaseOutputsTests {
    typealias C = ComputeFixtures

    static let web = Service("web", in: C.net) { C.container() }.migrations(["migrate"])
    static let front = LoadBalancer("front", fronting: web, in: C.net, certificate: certificate.arn)
    static let zone = DNS("main", domain: "example.com")
    static let certificate = Certificate("origin", domain: "origin.example.com", in: zone)

    static var system: System {
        System("shop") { _ in
            Stack("app") {
                C.net
                C.images
                zone
                certificate
                web
                front
            }
            Stack("monitoring") { Alarms("shop", notifying: Fixtures.dev.alarms) { Alarm("web-busy", on: web.cpuUtilization, threshold: 90) } }
        }
    }

    /// Every output of `stack` a release reads, by name.
    private func releaseOutputs(_ stack: String) throws -> [String: Value] {
        let resolved = try Fixtures.resolve(Self.system)
        let template = try #require(resolved.stacks.first { $0.name == stack }?.template)
        return template.outputs.filter { ReleaseOutputs.isReleaseOutput($0.key) }.mapValues(\.value)
    }

    @Test func theServiceAndItsLoadBalancerPublishTheNamesReleaseOutputsDefines() throws {
        let service = "WebService", balancer = "FrontLoadBalancer"
        let expected = [
            ReleaseOutputs.cluster(of: service), ReleaseOutputs.service(of: service), ReleaseOutputs.container(of: service),
            ReleaseOutputs.imageParameter(of: service), ReleaseOutputs.migration(of: service),
            ReleaseOutputs.port(of: balancer), ReleaseOutputs.listener(of: balancer), ReleaseOutputs.frontedService(of: balancer),
            ReleaseOutputs.targetGroup(.blue, of: balancer), ReleaseOutputs.targetGroup(.green, of: balancer),
        ]
        let outputs = try releaseOutputs("app")
        #expect(outputs.keys.sorted() == expected.sorted())
        #expect(outputs[ReleaseOutputs.frontedService(of: balancer)] == .string(service))
        #expect(outputs[ReleaseOutputs.migration(of: service)] == .string(#"["migrate"]"#))
    }

    @Test func theAlarmGroupPublishesTheNamesOfItsAlarms() throws {
        let outputs = try releaseOutputs("monitoring")
        #expect(outputs == [ReleaseOutputs.alarmNames(of: "ShopAlarms"): .string("shop-dev-web-busy")])
    }

    @Test func outputNamesReadBackToTheComponentsThatWroteThem() {
        #expect(ReleaseOutputs.serviceID(fromOutput: ReleaseOutputs.service(of: "WebService")) == "WebService")
        #expect(ReleaseOutputs.serviceName(fromOutput: ReleaseOutputs.service(of: ReleaseOutputs.serviceID(named: "web"))) == "web")
        #expect(ReleaseOutputs.balancerID(fromOutput: ReleaseOutputs.frontedService(of: "FrontLoadBalancer")) == "FrontLoadBalancer")
        #expect(ReleaseOutputs.isAlarmNames(ReleaseOutputs.alarmNames(of: "ShopAlarms")))
        // Names that only look alike are not read as release outputs.
        #expect(ReleaseOutputs.serviceID(fromOutput: ReleaseOutputs.cluster(of: "WebService")) == nil)
        #expect(ReleaseOutputs.serviceID(fromOutput: "ReleaseService") == nil)
        #expect(ReleaseOutputs.balancerID(fromOutput: "WebServiceReleaseForecast") == nil)
        #expect(!ReleaseOutputs.isReleaseOutput("ReleasePipelineConnectionArn"))
        #expect(!ReleaseOutputs.isAlarmNames("ShopAlarmsReleaseAlarmNamesOld"))
    }
}
