import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// The file-share app on EC2 app servers (`compute: ec2`): the seed's first setup, secure by
/// default (IMDSv2, no SSH, Session Manager, encrypted volumes) and lint-clean.
@Suite struct AppServersTests {
    static func synthesis(_ environment: String) throws -> Synthesis {
        var config = try FileShareFixtures.environment(environment)
        config.systems["fileshare", default: .init()]["compute"] = .plain("ec2")
        config.systems["fileshare", default: .init()]["appServer"] = .plain("t4g.medium")
        return try Synthesis(try Resolver.resolve(fileShare, in: config), format: .json)
    }

    static func app(_ environment: String) throws -> [String: Any] {
        let synthesis = try synthesis(environment)
        let stack = try #require(synthesis.stacks.first { $0.stack.name == "app" })
        let template = try #require(try JSONSerialization.jsonObject(with: Data(stack.bytes)) as? [String: Any])
        return try #require(template["Resources"] as? [String: Any])
    }

    static func properties(_ resources: [String: Any], _ id: String) throws -> [String: Any] {
        let resource = try #require(resources[id] as? [String: Any], "no \(id)")
        return try #require(resource["Properties"] as? [String: Any])
    }

    @Test func instancesUseIMDSv2EncryptedVolumesAndNoKeyPair() throws {
        let resources = try Self.app("prod")
        let data = try #require(try Self.properties(resources, "WebAppServersLaunchTemplate")["LaunchTemplateData"] as? [String: Any])
        let metadata = try #require(data["MetadataOptions"] as? [String: Any])
        #expect(metadata["HttpTokens"] as? String == "required")
        #expect(data["KeyName"] == nil)
        #expect(data["InstanceType"] as? String == "t4g.medium")
        #expect((data["ImageId"] as? String)?.hasSuffix("al2023-ami-kernel-default-arm64}}") == true)
        let volume = try #require(((data["BlockDeviceMappings"] as? [[String: Any]])?.first?["Ebs"]) as? [String: Any])
        #expect(volume["Encrypted"] as? Bool == true)
        let userData = try #require(((data["UserData"] as? [String: Any])?["Fn::Base64"] as? [String: Any])?["Fn::Sub"] as? [Any])
        let script = try #require(userData.first as? String)
        #expect(script.hasPrefix("#cloud-config\n"))
        #expect(script.contains("docker run -d --name app"))
        #expect(script.contains("value=$(aws secretsmanager get-secret-value"))
        #expect(script.contains(#"printf '%s\n' "DATABASE_PASSWORD=$value""#), "no migration step: the app migrates as the master user")
        #expect(!script.lowercased().contains("ssh"))
    }

    @Test func onlyTheLoadBalancerReachesThemAndOnlyOnTheAppsPort() throws {
        let resources = try Self.app("prod")
        let group = try Self.properties(resources, "WebAppServersSecurityGroup")
        let ingress = try #require(group["SecurityGroupIngress"] as? [[String: Any]])
        #expect(ingress.count == 1)
        #expect(ingress[0]["FromPort"] as? Int == 8080 && ingress[0]["ToPort"] as? Int == 8080)
        #expect(ingress[0]["CidrIp"] == nil && ingress[0]["SourceSecurityGroupId"] != nil)
        for (_, resource) in resources {
            let resource = resource as? [String: Any]
            guard resource?["Type"] as? String == "AWS::EC2::SecurityGroupIngress" else { continue }
            let properties = resource?["Properties"] as? [String: Any]
            #expect(properties?["FromPort"] as? Int != 22)
        }
    }

    @Test func theRoleHasSessionManagerAndNoWildcardButTheECRToken() throws {
        let role = try Self.properties(try Self.app("prod"), "WebAppServersRole")
        let managed = try #require(role["ManagedPolicyArns"] as? [[String: Any]])
        #expect(managed.count == 1 && (managed[0]["Fn::Sub"] as? String)?.hasSuffix("policy/AmazonSSMManagedInstanceCore") == true)
        let statements = try #require(((role["Policies"] as? [[String: Any]])?.first?["PolicyDocument"] as? [String: Any])?["Statement"] as? [[String: Any]])
        for statement in statements where (statement["Resource"] as? [Any])?.contains(where: { $0 as? String == "*" }) == true {
            #expect(statement["Action"] as? [String] == ["ecr:GetAuthorizationToken"])
        }
        #expect(statements.contains { ($0["Action"] as? [String])?.contains("secretsmanager:GetSecretValue") == true })
    }

    @Test func blueServesGreenWaitsAndFargateRunsNoTasks() throws {
        let resources = try Self.app("prod")
        let blue = try Self.properties(resources, "WebAppServersBlueGroup")
        let green = try Self.properties(resources, "WebAppServersGreenGroup")
        #expect(blue["MinSize"] as? String == "3" && green["MinSize"] as? String == "0")
        #expect(blue["DesiredCapacity"] == nil && green["DesiredCapacity"] == nil, "a deploy must not reset what a release sized")
        for color in ["Blue", "Green"] {
            #expect(try Self.properties(resources, "WebAppServers\(color)TargetGroup")["TargetType"] as? String == "instance")
        }
        let rule = try Self.properties(resources, "WebAppServersListenerRule")
        let targets = try #require((((rule["Actions"] as? [[String: Any]])?.first?["ForwardConfig"]) as? [String: Any])?["TargetGroups"] as? [[String: Any]])
        #expect(targets.map { $0["Weight"] as? Int } == [100, 0])
        #expect(try Self.properties(resources, "WebService")["DesiredCount"] as? Int == 0)
        #expect(resources["WebServiceScalableTarget"] == nil)
    }

    @Test func everyStackIsLintClean() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-appservers-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [URL] = []
        for environment in ["dev", "prod"] {
            for stack in try Self.synthesis(environment).stacks {
                let file = folder.appendingPathComponent("\(environment)-\(stack.fileName)")
                try Data(stack.bytes).write(to: file)
                files.append(file)
            }
        }
        let findings = try await CFNLint.findings(files)
        #expect(findings.isEmpty, "cfn-lint: \(findings.joined(separator: "\n"))")
    }

    @Test func aDeployKeepsTheGroupSizesAReleaseSetAndTheReleasedImage() throws {
        let resources = try Self.app("stg")
        for color in ["Blue", "Green"] {
            let group = try #require(resources["WebAppServers\(color)Group"] as? [String: Any])
            let policy = try #require(group["UpdatePolicy"] as? [String: Any])
            #expect((policy["AutoScalingScheduledAction"] as? [String: Any])?["IgnoreUnmodifiedGroupSizeProperties"] as? Bool == true)
        }
        let synthesis = try Self.synthesis("stg")
        let app = try #require(synthesis.stacks.first { $0.stack.name == "app" }).stack.template
        #expect(app.parameters["WebAppServersAppImage"]?.defaultValue == .string(""))
        #expect(app.parameters["WebAppServersAppImageTag"] != nil)
        for output in ["ReleaseBlueGroup", "ReleaseGreenGroup", "ReleaseRule", "ReleaseListener", "ReleaseLaunchTemplate", "ReleaseImageParameter"] {
            #expect(app.outputs["WebAppServers" + output] != nil, "\(output)")
        }
    }

    /// What a release's hand-back relies on (EC2ReleaseCompute+TakeOver): the image parameter
    /// reaches the launch template's user data, both groups follow its latest version, and no
    /// update policy replaces instances (so blue is refilled by the release, not CloudFormation).
    @Test func theImageParameterMakesALaunchTemplateVersionBothGroupsFollowWithoutReplacingInstances() throws {
        let resources = try Self.app("stg")
        let launchTemplate = try #require(resources["WebAppServersLaunchTemplate"] as? [String: Any])
        let data = try #require((launchTemplate["Properties"] as? [String: Any])?["LaunchTemplateData"] as? [String: Any])
        let userData = String(data: try JSONSerialization.data(withJSONObject: try #require(data["UserData"])), encoding: .utf8) ?? ""
        #expect(userData.contains("image='${Image}'"))
        #expect(userData.contains("{\"Ref\":\"WebAppServersAppImage\"}"))
        for color in ["Blue", "Green"] {
            let group = try #require(resources["WebAppServers\(color)Group"] as? [String: Any])
            let version = ((group["Properties"] as? [String: Any])?["LaunchTemplate"] as? [String: Any])?["Version"] as? [String: Any]
            #expect(version?["Fn::GetAtt"] as? [String] == ["WebAppServersLaunchTemplate", "LatestVersionNumber"])
            let policy = try #require(group["UpdatePolicy"] as? [String: Any])
            #expect(Set(policy.keys) == ["AutoScalingScheduledAction"])
        }
    }

    @Test func alarmsWatchBothGroupsCPUUnhealthyInstancesAnd5xx() throws {
        let synthesis = try Self.synthesis("stg")
        let monitoring = try #require(synthesis.stacks.first { $0.stack.name == "monitoring" })
        let template = try #require(try JSONSerialization.jsonObject(with: Data(monitoring.bytes)) as? [String: Any])
        let resources = try #require(template["Resources"] as? [String: Any])
        let alarms = resources.values.compactMap { $0 as? [String: Any] }.filter { $0["Type"] as? String == "AWS::CloudWatch::Alarm" }
            .compactMap { $0["Properties"] as? [String: Any] }
        func alarm(_ suffix: String) throws -> [String: Any] {
            try #require(alarms.first { ($0["AlarmName"] as? String)?.hasSuffix(suffix) == true }, "no alarm \(suffix)")
        }
        for (suffix, metric) in [("web-servers-cpu", "CPUUtilization"), ("web-servers-unhealthy", "UnHealthyHostCount"), ("web-servers-5xx-rate", "HTTPCode_Target_5XX_Count")] {
            let queries = try #require(try alarm(suffix)["Metrics"] as? [[String: Any]])
            let stats = queries.compactMap { $0["MetricStat"] as? [String: Any] }.compactMap { $0["Metric"] as? [String: Any] }
            let watched = stats.filter { $0["MetricName"] as? String == metric }
            #expect(watched.count == 2, "\(suffix): one query per colour")
            let text = String(describing: watched)
            #expect(text.contains("WebAppServersBlue") && text.contains("WebAppServersGreen"), "\(suffix): \(text)")
        }
        // On EC2 the Fargate service (at zero tasks) is not what the alarms watch.
        #expect(!alarms.contains { ($0["AlarmName"] as? String)?.hasSuffix("web-cpu") == true })
    }
}
