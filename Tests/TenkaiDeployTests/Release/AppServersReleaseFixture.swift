@testable import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// App servers ready to release, in moto (signatures checked, with `scripts/moto-server.py`'s
/// additions, so that UpdateStack moves the groups onto the launch template's new version in
/// place, as CloudFormation does) behind ``ReleaseEmulatorProxy`` (for a failing `UpdateStack`):
/// from a CloudFormation stack rendered like ``AppServers``' (a launch template whose cloud-init
/// takes the image from the stack's parameter, both groups on its `LatestVersionNumber`, blue at
/// two instances from `MinSize`, green empty; moto registers their instances in the target
/// groups and reports them healthy), a load balancer whose listener rule weighs blue 100 / green
/// 0; then an alarm in OK, the bootstrap bucket and two images in ECR.
final class AppServersReleaseFixture: Sendable {
    let moto: MotoServer
    let proxy: ReleaseEmulatorProxy
    let session: AWSSession
    let target: ReleaseTarget
    let bucket = "tenkai-release-tests"
    let alarm = "fileshare-test-web-servers-5xx-rate"
    let stackName = "fileshare-test-app"
    let images: [String]

    static let firstImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare:first"

    /// As ``AppServers`` renders it: `${Image}` is the parameter, or the repository's tag while it is empty.
    static let userData = """
        #cloud-config
        write_files:
          - path: /usr/local/sbin/tenkai-start-app
            content: |
              #!/bin/bash
              image='${Image}'
              docker run -d "$image"

        """

    static var template: String {
        let quoted = String(decoding: try! JSONEncoder().encode(userData), as: UTF8.self)
        let image = """
            {"Fn::If": ["WebAppServersAppImageSet", {"Ref": "WebAppServersAppImage"},
              {"Fn::Join": ["", ["123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare:", {"Ref": "WebAppServersAppImageTag"}]]}]}
            """
        let updatePolicy = #"{"AutoScalingScheduledAction": {"IgnoreUnmodifiedGroupSizeProperties": true}}"#
        return """
            {"Parameters": {"WebAppServersAppImage": {"Type": "String", "Default": ""}, "WebAppServersAppImageTag": {"Type": "String", "Default": "first"}},
             "Conditions": {"WebAppServersAppImageSet": {"Fn::Not": [{"Fn::Equals": [{"Ref": "WebAppServersAppImage"}, ""]}]}},
             "Resources": {
             "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
             "A": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}},
             "B": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1b"}},
             "Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Subnets": [{"Ref": "A"}, {"Ref": "B"}]}},
             "Blue": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": 8080, "Protocol": "HTTP", "VpcId": {"Ref": "Vpc"}, "TargetType": "instance"}},
             "Green": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": 8080, "Protocol": "HTTP", "VpcId": {"Ref": "Vpc"}, "TargetType": "instance"}},
             "Http": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {"LoadBalancerArn": {"Ref": "Lb"}, "Port": 80,
                "Protocol": "HTTP", "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]}},
             "Template": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateName": "fileshare-test-web",
                "LaunchTemplateData": {"ImageId": "ami-12c6146b", "InstanceType": "t3.small",
                  "UserData": {"Fn::Base64": {"Fn::Sub": [\(quoted), {"Image": \(image)}]}}}}},
             "BlueGroup": {"Type": "AWS::AutoScaling::AutoScalingGroup", "UpdatePolicy": \(updatePolicy), "Properties": {"MinSize": "2", "MaxSize": "4",
                "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Template"}, "Version": {"Fn::GetAtt": ["Template", "LatestVersionNumber"]}},
                "VPCZoneIdentifier": [{"Ref": "A"}, {"Ref": "B"}], "TargetGroupARNs": [{"Ref": "Blue"}]}},
             "GreenGroup": {"Type": "AWS::AutoScaling::AutoScalingGroup", "UpdatePolicy": \(updatePolicy), "Properties": {"MinSize": "0", "MaxSize": "4",
                "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Template"}, "Version": {"Fn::GetAtt": ["Template", "LatestVersionNumber"]}},
                "VPCZoneIdentifier": [{"Ref": "A"}, {"Ref": "B"}], "TargetGroupARNs": [{"Ref": "Green"}]}}},
             "Outputs": {"Listener": {"Value": {"Ref": "Http"}}, "Blue": {"Value": {"Ref": "Blue"}}, "Green": {"Value": {"Ref": "Green"}},
                "Template": {"Value": {"Ref": "Template"}}, "BlueGroup": {"Value": {"Ref": "BlueGroup"}}, "GreenGroup": {"Value": {"Ref": "GreenGroup"}},
                "Image": {"Value": {"Ref": "WebAppServersAppImage"}}}}
            """
    }

    private init(moto: MotoServer, proxy: ReleaseEmulatorProxy, session: AWSSession, target: ReleaseTarget, images: [String]) {
        self.moto = moto
        self.proxy = proxy
        self.session = session
        self.target = target
        self.images = images
    }

    deinit {
        proxy.stop()
        moto.stop()
    }

    static func start() async throws -> AppServersReleaseFixture {
        let moto = try await MotoServer.start(authentication: true, patched: true, cloudFormationAdditions: true)
        let proxy = try ReleaseEmulatorProxy(upstreamPort: moto.port)
        let keys = try #require(moto.credentials)
        let session = AWSSession(
            region: "us-east-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey)),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": proxy.url.absoluteString]),
            retryPolicy: RetryPolicy(baseDelay: .milliseconds(10)))
        try await S3(session).createBucket("tenkai-release-tests")
        let cloudFormation = CloudFormation(session)
        _ = try await cloudFormation.createStack(CreateStackInput(stackName: "fileshare-test-app", templateBody: template))
        let stack = try #require(try await cloudFormation.describeStack("fileshare-test-app"))
        let outputs = Dictionary(uniqueKeysWithValues: stack.outputs.map { ($0.outputKey, $0.outputValue ?? "") })

        // The weighted rule (moto's CloudFormation answers 500 for a weighted forward action).
        struct Weighted: Encodable {
            struct Condition: Encodable { struct Pattern: Encodable { var values: [String] }; var field: String; var pathPatternConfig: Pattern }
            struct Action: Encodable {
                struct Forward: Encodable { struct Group: Encodable { var targetGroupArn: String; var weight: Int }; var targetGroups: [Group] }
                var type = "forward"
                var forwardConfig: Forward
            }
            var listenerArn: String
            var priority = 10
            var conditions: [Condition]
            var actions: [Action]
        }
        struct Created: Decodable { struct Rule: Decodable { var ruleArn: String }; var rules: [Rule] }
        let rule = try await session.query(
            .elasticLoadBalancingV2, "CreateRule",
            Weighted(
                listenerArn: outputs["Listener"]!,
                conditions: [.init(field: "path-pattern", pathPatternConfig: .init(values: ["/*"]))],
                actions: [.init(forwardConfig: .init(targetGroups: [.init(targetGroupArn: outputs["Blue"]!, weight: 100), .init(targetGroupArn: outputs["Green"]!, weight: 0)]))]),
            as: Created.self
        ).rules[0].ruleArn

        try await ReleaseSeeds.errorAlarm("fileshare-test-web-servers-5xx-rate", session: session)
        let images = try await ReleaseSeeds.images(session: session)

        let target = ReleaseTarget(
            system: "fileshare", environment: "test", service: "web", region: "us-east-1", cluster: "",
            blue: .init(color: "blue", serviceName: outputs["BlueGroup"]!, targetGroupArn: outputs["Blue"]!),
            green: .init(color: "green", serviceName: outputs["GreenGroup"]!, targetGroupArn: outputs["Green"]!),
            listenerArn: outputs["Listener"]!, containerName: "web", containerPort: 8080, alarmNames: ["fileshare-test-web-servers-5xx-rate"],
            stackNames: ["fileshare-test-app"], imageStack: "fileshare-test-app", imageParameter: "WebAppServersAppImage",
            ruleArn: rule, launchTemplateID: outputs["Template"]!)
        let fixture = AppServersReleaseFixture(moto: moto, proxy: proxy, session: session, target: target, images: images)
        try await fixture.setAlarm("OK")
        #expect(try await ElasticLoadBalancingV2(session).describeTargetHealth(targetGroupArn: target.blue.targetGroupArn).count == 2)
        return fixture
    }

    func engine(_ strategy: ReleaseStrategy, bake: Duration, reporter: any DeployReporter) -> ReleaseEngine {
        ReleaseEngine(
            target: target,
            options: ReleaseOptions(
                strategy: strategy, bakeOverride: bake, healthTimeout: .seconds(30), migrationTimeout: .seconds(30),
                pollInterval: .milliseconds(100), lockLifetime: .seconds(3)),
            session: session, bucket: bucket, reporter: reporter)
    }

    func setAlarm(_ state: String) async throws {
        struct SetAlarmState: Encodable { var alarmName: String; var stateValue: String; var stateReason: String }
        _ = try await session.query(
            .cloudWatch, "SetAlarmState", SetAlarmState(alarmName: alarm, stateValue: state, stateReason: "test set it to \(state)"),
            as: Nothing.self)
    }

    /// Slot color → weight on the listener rule.
    func weights() async throws -> [String: Int] {
        let ruleArn = try #require(target.ruleArn)
        let rule = try #require(try await ElasticLoadBalancingV2(session).describeRules(ruleArns: [ruleArn]).first)
        let groups = try #require(rule.actions.first?.forwardConfig?.targetGroups)
        return Dictionary(uniqueKeysWithValues: groups.map { (target.slot(forTargetGroup: $0.targetGroupArn)?.color ?? "?", $0.weight ?? 1) })
    }

    func waitForWeights(_ expected: [String: Int], timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await weights() != expected {
            guard ContinuousClock.now < deadline else { throw FixtureError("the rule never reached \(expected)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func group(_ slot: ReleaseTarget.Slot) async throws -> AutoScalingGroup {
        try #require(try await AutoScaling(session).describeGroups([slot.serviceName]).first)
    }

    func healthyTargets(_ slot: ReleaseTarget.Slot) async throws -> Int {
        try await ElasticLoadBalancingV2(session).describeTargetHealth(targetGroupArn: slot.targetGroupArn).filter { $0.targetHealth?.state == "healthy" }.count
    }

    /// The user data of a version of the launch template, and the image its `image='…'` line names.
    func userData(version: String) async throws -> (text: String, image: String?) {
        let templateID = try #require(target.launchTemplateID)
        let described = try await EC2(session).launchTemplateVersion(templateID: templateID, version: version)
        let encoded = try #require(described.userData)
        let text = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
        return (text, AppServerUserData.image(in: text))
    }

    func imageParameter() async throws -> String? {
        try await CloudFormation(session).describeStack(stackName)?.parameters.first { $0.parameterKey == "WebAppServersAppImage" }?.parameterValue
    }

    func records() async throws -> [ReleaseRecord] {
        let keys = try await S3(session).listObjectsV2(bucket: bucket, prefix: "releases").contents.map(\.key)
            .filter { $0.hasPrefix(target.keyPrefix + "records/") }
        var records: [ReleaseRecord] = []
        for key in keys.sorted() {
            records.append(try JSONDecoder().decode(ReleaseRecord.self, from: try await S3(session).getObject(bucket: bucket, key: key).body))
        }
        return records
    }
}
