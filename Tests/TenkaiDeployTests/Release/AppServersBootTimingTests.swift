import Foundation
import Tenkai
import TenkaiCore
@testable import TenkaiDeploy
import TenkaiStacks
import TestSupport
import Testing

/// The app servers' timings against a real boot, which moto does not have (its instances are
/// healthy at once): the Auto Scaling grace period covers a boot and the target group's healthy
/// checks (rule `boot-grace`), a release waits for green longer than that, and the groups drain
/// for a shorter time than the release bakes.
@Suite struct AppServersBootTimingTests {
    static func appStack() throws -> Template {
        var config = try #require(try EnvironmentLoader.loadAll(from: ProjectPaths.root.appendingPathComponent("Environments")).first { $0.name == "prod" })
        config.systems["fileshare", default: .init()]["compute"] = .plain("ec2")
        let system = try Resolver.resolve(fileShare, in: config)
        return try #require(system.stacks.first { $0.name == "app" }).template
    }

    static func seconds(_ duration: Duration) -> Int { Int(duration.components.seconds) }

    @Test func aReleaseWaitsForGreenLongerThanTheGroupGivesABoot() throws {
        let template = try Self.appStack()
        let group = try #require(template.resources["WebAppServersGreenGroup"])
        let grace = try #require(group.properties["HealthCheckGracePeriod"]?.intValue)
        let toHealthy = Rule.secondsToHealthy(template.resources["WebAppServersGreenTargetGroup"])
        #expect(grace >= Rule.bootSeconds + toHealthy, "the group would replace instances still booting")
        let options = ReleaseOptions(strategy: .blueGreen)
        // A release that gave up before the group stopped waiting would roll back booting servers.
        #expect(Self.seconds(options.healthTimeout) >= grace + toHealthy)
    }

    @Test func blueDrainsWithinTheFinalBake() throws {
        let template = try Self.appStack()
        let targetGroup = try #require(template.resources["WebAppServersBlueTargetGroup"])
        guard case .list(let attributes)? = targetGroup.properties["TargetGroupAttributes"] else {
            Issue.record("no TargetGroupAttributes")
            return
        }
        let delay = attributes.compactMap { attribute -> Int? in
            guard case .map(let fields) = attribute, fields["Key"]?.stringValue == "deregistration_delay.timeout_seconds" else { return nil }
            return Int(fields["Value"]?.stringValue ?? "")
        }.first
        let drain = try #require(delay, "the target group keeps ELB's 300 s default deregistration delay")
        // Requests still running on blue when traffic moves finish within the final bake, so
        // scaling blue down after it cuts none of them.
        #expect(drain <= Self.seconds(ReleaseOptions(strategy: .blueGreen).finalBake))
    }

    @Test func theRuleRefusesTheOldThreeMinuteGrace() throws {
        var template = try Self.appStack()
        template.resources["WebAppServersBlueGroup"]!.properties["HealthCheckGracePeriod"] = 180
        let problems = RuleSet([.bootGrace]).check(template, stackPath: "fileshare/app", isProduction: true)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("after 180 s") == true)
        #expect(problems.first?.message.contains("(330 s)") == true)
    }
}
