@testable import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// A service ready to release, in moto (signatures checked) behind ``ReleaseEmulatorProxy``: a
/// load balancer with blue and green target groups (from the CloudFormation stack
/// `fileshare-<env>-app`, which also holds the image parameter and publishes the release outputs
/// fileshare's app stack does), `fileshare-<env>-monitoring` publishing the alarm's name, an ECS
/// cluster and the blue service with two tasks, an alarm in OK, the bootstrap bucket and two
/// images in ECR. The target is read from the stacks' outputs (`DescribeStacks`), the way
/// `tenkai release` reads it. A background "agent" does what ECS does for real:
/// it registers as many healthy targets in each slot's target group as its service wants.
final class ReleaseFixture: Sendable {
    let moto: MotoServer
    let proxy: ReleaseEmulatorProxy
    let session: AWSSession
    let target: ReleaseTarget
    let bucket = "tenkai-release-tests"
    let alarm = "fileshare-test-web-5xx"
    /// The app stack, `fileshare-<env>-app`.
    var stackName: String { target.imageStack ?? "" }
    let images: [String]
    /// Straight to moto, past the proxy: what AWS does on its own (the agent, a stack's rollback).
    let direct: AWSSession
    private let agent: Task<Void, Never>

    /// The image the stack's task definition starts with (the `WebServiceAppImage` parameter).
    static let firstImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare:first"
    /// The sidecar's image before a release (`WebServiceSidecarImage`), in a fixture started with `sidecar: true`.
    static let firstSidecarImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/sidecar:first"

    /// The app stack: load balancer, target groups, listener, and blue — the task definition
    /// (its app image the `WebServiceAppImage` parameter) and the ECS service — as a stack owns them.
    /// `besideApp`: more containers of the task definition, in CloudFormation's shape.
    /// `sidecar`: a `sidecar` container with an image parameter of its own (`WebServiceSidecarImage`),
    /// published in `WebServiceReleaseImageParameters`, as a service of several images (the CRM's) does.
    static func template(besideApp: String = "", sidecar: Bool = false) -> String {
        let sidecarContainer = #", {"Name": "sidecar", "Image": {"Ref": "WebServiceSidecarImage"}, "Essential": false}"#
        let sidecarParameter = #", "WebServiceSidecarImage": {"Type": "String", "Default": ""}"#
        let sidecarOutput = #", "WebServiceReleaseImageParameters": {"Value": "{\"sidecar\":\"WebServiceSidecarImage\"}"}"#
        return """
        {"Parameters": {"WebServiceAppImage": {"Type": "String", "Default": ""}\(sidecar ? sidecarParameter : "")},
         "Resources": {
         "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
         "A": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}},
         "B": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1b"}},
         "Tasks": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "tasks", "VpcId": {"Ref": "Vpc"}}},
         "Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Subnets": [{"Ref": "A"}, {"Ref": "B"}]}},
         "Blue": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": 8080, "Protocol": "HTTP", "VpcId": {"Ref": "Vpc"}, "TargetType": "ip"}},
         "Green": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": 8080, "Protocol": "HTTP", "VpcId": {"Ref": "Vpc"}, "TargetType": "ip"}},
         "Http": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {"LoadBalancerArn": {"Ref": "Lb"}, "Port": 80,
            "Protocol": "HTTP", "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": "Blue"}}]}},
         "WebTaskDefinition": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "fileshare-test-web", "Cpu": "256", "Memory": "512",
            "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
            "ContainerDefinitions": [{"Name": "app", "Image": {"Ref": "WebServiceAppImage"}, "PortMappings": [{"ContainerPort": 8080}],
               "Environment": [{"Name": "HOST", "Value": "0.0.0.0"}]}\(besideApp)\(sidecar ? sidecarContainer : "")]}},
         "WebService": {"Type": "AWS::ECS::Service", "DependsOn": "Http", "Properties": {"ServiceName": "fileshare-test-web",
            "Cluster": "fileshare-test", "TaskDefinition": {"Ref": "WebTaskDefinition"}, "DesiredCount": 2, "LaunchType": "FARGATE",
            "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": [{"Ref": "A"}], "SecurityGroups": [{"Fn::GetAtt": ["Tasks", "GroupId"]}],
               "AssignPublicIp": "DISABLED"}},
            "LoadBalancers": [{"TargetGroupArn": {"Ref": "Blue"}, "ContainerName": "app", "ContainerPort": 8080}]}}},
         "Outputs": {"Subnet": {"Value": {"Ref": "A"}}, "SecurityGroup": {"Value": {"Fn::GetAtt": ["Tasks", "GroupId"]}},
            "Image": {"Value": {"Ref": "WebServiceAppImage"}},
            "WebServiceReleaseCluster": {"Value": "fileshare-test"}, "WebServiceReleaseService": {"Value": "fileshare-test-web"},
            "WebServiceReleaseContainer": {"Value": "app"}, "WebServiceReleaseImageParameter": {"Value": "WebServiceAppImage"},
            "WebServiceReleaseMigration": {"Value": "[\\"./fileshare\\",\\"migrate\\"]"},
            "WebLoadBalancerReleaseListener": {"Value": {"Ref": "Http"}}, "WebLoadBalancerReleaseBlueTargetGroup": {"Value": {"Ref": "Blue"}},
            "WebLoadBalancerReleaseGreenTargetGroup": {"Value": {"Ref": "Green"}}, "WebLoadBalancerReleaseFor": {"Value": "WebService"},
            "WebLoadBalancerReleasePort": {"Value": "8080"}\(sidecar ? sidecarOutput : "")}}
        """
    }

    /// Containers as CloudFormation writes them (`Name`, `Image`, …), appended after `app`.
    static func cloudFormationContainers(_ containers: [ContainerDefinition]) throws -> String {
        func pascal(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return Dictionary(uniqueKeysWithValues: object.map { ($0.key.prefix(1).uppercased() + $0.key.dropFirst(), pascal($0.value)) })
            }
            if let array = value as? [Any] { return array.map(pascal) }
            return value
        }
        return try containers.map { container in
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(container))
            return ", " + String(decoding: try JSONSerialization.data(withJSONObject: pascal(json), options: [.sortedKeys]), as: UTF8.self)
        }.joined()
    }

    /// What fileshare's monitoring stack publishes for a release: its alarms' names.
    static let monitoringTemplate = """
        {"Resources": {"Alarms": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "fileshare-test-alarms"}}},
         "Outputs": {"FileshareAlarmsReleaseAlarmNames": {"Value": "fileshare-test-web-5xx"}}}
        """

    private init(moto: MotoServer, proxy: ReleaseEmulatorProxy, session: AWSSession, target: ReleaseTarget, images: [String]) {
        self.moto = moto
        self.proxy = proxy
        self.session = session
        self.target = target
        self.images = images
        // The agent talks to moto directly, so the proxy counts only the release's own calls.
        let direct = AWSSession(
            region: session.region, credentials: session.credentials,
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.endpoint.absoluteString]), retryPolicy: session.retryPolicy)
        self.direct = direct
        self.agent = Task { await Self.runAgent(session: direct, target: target) }
    }

    deinit {
        agent.cancel()
        proxy.stop()
        moto.stop()
    }

    /// `environment` names the stacks (`fileshare-<env>-app`), so `tenkai release --env <env>` finds them.
    /// `besideApp`: more containers of the service's task definition, after `app`.
    /// `sidecar`: a second container with its own image parameter (``template(besideApp:sidecar:)``).
    static func start(environment: String = "test", besideApp: [ContainerDefinition] = [], sidecar: Bool = false) async throws -> ReleaseFixture {
        let moto = try await MotoServer.start(authentication: true, cloudFormationAdditions: true)
        let proxy = try ReleaseEmulatorProxy(upstreamPort: moto.port)
        let keys = try #require(moto.credentials)
        let session = AWSSession(
            region: "us-east-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey)),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": proxy.url.absoluteString]),
            retryPolicy: RetryPolicy(baseDelay: .milliseconds(10)))

        try await S3(session).createBucket("tenkai-release-tests")
        struct CreateCluster: Encodable { var clusterName: String }
        _ = try await session.json(.ecs, "CreateCluster", CreateCluster(clusterName: "fileshare-test"), as: Nothing.self)
        let cloudFormation = CloudFormation(session)
        var stacks: [String: ReleaseTarget.StackOutputs] = [:]
        let appTemplate = template(besideApp: try cloudFormationContainers(besideApp), sidecar: sidecar)
        for (name, template) in [("app", appTemplate), ("monitoring", monitoringTemplate)] {
            let stackName = "fileshare-\(environment)-\(name)"
            var input = CreateStackInput(stackName: stackName, templateBody: template)
            if name == "app" { input.parameters = [CloudFormationParameter(parameterKey: "WebServiceAppImage", parameterValue: firstImage)] }
            if name == "app", sidecar { input.parameters.append(CloudFormationParameter(parameterKey: "WebServiceSidecarImage", parameterValue: firstSidecarImage)) }
            // Under load a set-up call may be retried after its first attempt worked: "already exists" is success here.
            try await ReleaseSeeds.ignoringAlreadyExists { try await cloudFormation.createStack(input) }
            let stack = try #require(try await cloudFormation.describeStack(stackName))
            stacks[name] = .init(
                stackName: stackName, region: "us-east-1", outputs: Dictionary(uniqueKeysWithValues: stack.outputs.map { ($0.outputKey, $0.outputValue ?? "") }))
        }
        let target = try ReleaseTarget.fromOutputs(system: "fileshare", environment: environment, service: "web", outputs: stacks)

        try await ReleaseSeeds.errorAlarm("fileshare-test-web-5xx", session: session)
        let images = try await ReleaseSeeds.images(session: session)

        let fixture = ReleaseFixture(moto: moto, proxy: proxy, session: session, target: target, images: images)
        try await fixture.setAlarm("OK")
        try await fixture.waitForTargets(in: target.blue, count: 2)
        return fixture
    }

    func engine(
        _ strategy: ReleaseStrategy, bake: Duration, reporter: any DeployReporter, interruption: ReleaseInterruption = ReleaseInterruption(),
        target: ReleaseTarget? = nil, containerImages: [String: String] = [:]
    ) -> ReleaseEngine {
        var options = ReleaseOptions(
            strategy: strategy, bakeOverride: bake, healthTimeout: .seconds(30), migrationTimeout: .seconds(30),
            pollInterval: .milliseconds(100), lockLifetime: .seconds(3))
        options.containerImages = containerImages
        return ReleaseEngine(
            target: target ?? self.target, options: options, session: session, bucket: bucket, reporter: reporter, interruption: interruption)
    }

    // MARK: - Looking and poking

    func setAlarm(_ state: String) async throws {
        struct SetAlarmState: Encodable { var alarmName: String; var stateValue: String; var stateReason: String }
        _ = try await session.query(
            .cloudWatch, "SetAlarmState", SetAlarmState(alarmName: alarm, stateValue: state, stateReason: "test set it to \(state)"),
            as: Nothing.self)
    }

    /// Slot color → weight on the listener.
    func weights() async throws -> [String: Int] {
        let listener = try #require(try await ElasticLoadBalancingV2(session).describeListeners(listenerArns: [target.listenerArn]).first)
        let action = try #require(listener.defaultActions.first)
        if let groups = action.forwardConfig?.targetGroups {
            return Dictionary(uniqueKeysWithValues: groups.map { (target.slot(forTargetGroup: $0.targetGroupArn)?.color ?? "?", $0.weight ?? 1) })
        }
        return [target.slot(forTargetGroup: action.targetGroupArn ?? "")?.color ?? "?": 1]
    }

    func waitForWeights(_ expected: [String: Int], timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await weights() != expected {
            guard ContinuousClock.now < deadline else { throw FixtureError("the listener never reached \(expected)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func service(_ slot: ReleaseTarget.Slot) async throws -> ECSService? {
        try await ECS(session).describeServices(cluster: target.cluster, services: [slot.serviceName]).services.first
    }

    func object(_ key: String) async throws -> S3Object? {
        guard try await S3(session).headObject(bucket: bucket, key: target.keyPrefix + key) != nil else { return nil }
        return try await S3(session).getObject(bucket: bucket, key: target.keyPrefix + key)
    }

    func records() async throws -> [ReleaseRecord] {
        // moto checks the signature of a prefix with "/" against the decoded query, so list by a prefix without one.
        let keys = try await S3(session).listObjectsV2(bucket: bucket, prefix: "releases").contents.map(\.key)
            .filter { $0.hasPrefix(target.keyPrefix + "records/") }
        var records: [ReleaseRecord] = []
        for key in keys.sorted() {
            records.append(try JSONDecoder().decode(ReleaseRecord.self, from: try await S3(session).getObject(bucket: bucket, key: key).body))
        }
        return records
    }

    /// What CloudFormation's rollback of the app stack does, done to moto directly: the image
    /// parameter back to `image`, so moto puts the task definition and the service back on it.
    /// (moto deregisters a replaced revision at once, so its rollback is a new revision of the
    /// previous definition; AWS puts the service back on the previous revision itself.)
    func rollBackStack(to image: String) async {
        var input = UpdateStackInput(stackName: stackName)
        input.usePreviousTemplate = true
        input.parameters = [CloudFormationParameter(parameterKey: "WebServiceAppImage", parameterValue: image)]
        _ = try? await CloudFormation(direct).updateStack(input)
    }

    func imageParameter() async throws -> String? {
        try await CloudFormation(session).describeStack(stackName)?.parameters.first { $0.parameterKey == "WebServiceAppImage" }?.parameterValue
    }

    private func waitForTargets(in slot: ReleaseTarget.Slot, count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while try await ElasticLoadBalancingV2(session).describeTargetHealth(targetGroupArn: slot.targetGroupArn).count != count {
            guard ContinuousClock.now < deadline else { throw FixtureError("the agent never registered \(count) targets") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    // MARK: - The agent

    /// Keeps each target group's registered targets at its service's desired count, as ECS does.
    private static func runAgent(session: AWSSession, target: ReleaseTarget) async {
        struct Targets: Encodable {
            struct Target: Encodable { var id: String; var port: Int }
            var targetGroupArn: String
            var targets: [Target]
        }
        let ecs = ECS(session)
        let elb = ElasticLoadBalancingV2(session)
        while !Task.isCancelled {
            for (index, slot) in [target.blue, target.green].enumerated() {
                guard let desired = try? await ecs.describeServices(cluster: target.cluster, services: [slot.serviceName]).services.first?.desiredCount ?? 0,
                    let registered = try? await elb.describeTargetHealth(targetGroupArn: slot.targetGroupArn).map(\.target.id)
                else { continue }
                if registered.count < desired {
                    let missing = (1...desired).map { "10.0.\(index + 1).\($0 + 10)" }.filter { !registered.contains($0) }
                    _ = try? await session.query(
                        .elasticLoadBalancingV2, "RegisterTargets",
                        Targets(targetGroupArn: slot.targetGroupArn, targets: missing.map { .init(id: $0, port: 8080) }), as: Nothing.self)
                } else if registered.count > desired {
                    let extra = registered.sorted().suffix(registered.count - desired)
                    _ = try? await session.query(
                        .elasticLoadBalancingV2, "DeregisterTargets",
                        Targets(targetGroupArn: slot.targetGroupArn, targets: extra.map { .init(id: $0, port: 8080) }), as: Nothing.self)
                }
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
