import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import Testing
import TestSupport
@testable import TenkaiDeploy

/// With `compute: ec2` the file-share system's outputs name its app servers, and a release of
/// `web` targets them (the ECS service, kept at zero tasks, is left alone).
@Suite struct AppServersReleaseTargetTests {
    static func deployedOutputs() throws -> [String: ReleaseTarget.StackOutputs] {
        var environment = try EnvironmentLoader.load(ProjectPaths.root.appendingPathComponent("Environments/stg.yaml"))
        environment.systems["fileshare", default: .init()]["compute"] = .plain("ec2")
        return try ReleaseTargetTests.deployedOutputs(in: environment)
    }

    @Test func theWebAppServersAreTheTargetWithTheirGroupsRuleAndLaunchTemplate() throws {
        let target = try ReleaseTarget.fromOutputs(system: "fileshare", environment: "stg", service: "web", outputs: try Self.deployedOutputs())
        #expect(target.isAppServers)
        #expect(target.launchTemplateID == "physical:WebAppServersLaunchTemplate")
        #expect(target.ruleArn == "physical:WebAppServersListenerRule")
        #expect(target.listenerArn == "physical:WebLoadBalancerHttpsListener")
        #expect(target.blue == .init(color: "blue", serviceName: "physical:WebAppServersBlueGroup", targetGroupArn: "physical:WebAppServersBlueTargetGroup"))
        #expect(target.green == .init(color: "green", serviceName: "physical:WebAppServersGreenGroup", targetGroupArn: "physical:WebAppServersGreenTargetGroup"))
        #expect(target.containerPort == 8080)
        #expect(target.migrationCommand == nil, "the app migrates when it starts; app servers have no one-off task")
        #expect(target.imageParameter == "WebAppServersAppImage" && target.imageStack == "fileshare-stg-app")
        // The app servers' own alarms are among those a bake watches; the ECS service's are not.
        #expect(target.alarmNames.contains("fileshare-stg-web-servers-cpu"))
        #expect(target.alarmNames.contains("fileshare-stg-web-servers-unhealthy"))
        #expect(target.alarmNames.contains("fileshare-stg-web-servers-5xx-rate"))
        #expect(!target.alarmNames.contains("fileshare-stg-web-cpu"))
    }

    @Test func onFargateTheServiceStaysTheTarget() throws {
        let target = try ReleaseTarget.fromOutputs(system: "fileshare", environment: "dev", service: "web", outputs: try ReleaseTargetTests.deployedOutputs())
        #expect(!target.isAppServers && target.ruleArn == nil)
    }
}
