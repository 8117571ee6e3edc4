import Tenkai
import TenkaiCore
import Testing

/// ECS's own deployments roll back on the system's Alarm values, named as the alarms are named.
@Suite struct ECSDeploymentAlarmTests {
    typealias F = MonitoringFixtures

    /// A service ECS deploys, rolling back on `watched`, with `declared` in the monitoring stack.
    private func system(watching watched: [Alarm], declaring declared: [Alarm]) -> System {
        let web = F.web.ecsManagedDeployment(.canary(percent: 10, bake: .seconds(120)), alarms: watched)
        return System("shop") { _ in
            Stack("app") {
                F.net
                F.zone
                F.certificate
                web
                LoadBalancer("front", fronting: web, in: F.net, certificate: F.certificate.arn)
            }
            Stack("monitoring") { Alarms("shop", notifying: Fixtures.dev.alarms) { declared } }
        }
    }

    @Test func theServiceRollsBackOnTheAlarmsByTheNamesTheyGet() throws {
        let alarms = F.web.recommendedAlarms() + [Alarm("web-busy", on: F.web.cpuUtilization, threshold: 90)]
        let resolved = try Fixtures.resolve(system(watching: alarms, declaring: alarms))
        let service = try #require(F.stack("app", of: resolved)?.template.resources["WebService"])
        let names = try #require(service.properties["DeploymentConfiguration"]?[path: "Alarms.AlarmNames"]?.listValue)
        #expect(names == ["shop-dev-web-cpu", "shop-dev-web-memory", "shop-dev-web-busy"])
        let declared = F.stack("monitoring", of: resolved)?.template.resources.values.compactMap { $0.properties["AlarmName"] } ?? []
        #expect(Set(names) == Set(declared))
    }

    @Test func anAlarmTheSystemDoesNotDeclareIsAnErrorWithAFix() {
        let declared = F.web.recommendedAlarms()
        let errors = Fixtures.errors(system(watching: declared + [Alarm("web-busy", on: F.web.cpuUtilization, threshold: 90)], declaring: declared))
        #expect(errors.map(\.message) == ["ECS rolls the deployment back on alarm 'shop-dev-web-busy', which no component of the system declares"])
        #expect(errors.first?.componentPath == "shop/app/web")
        #expect(errors.first?.hint?.contains("ecsManagedDeployment(alarms:)") == true)
    }
}
