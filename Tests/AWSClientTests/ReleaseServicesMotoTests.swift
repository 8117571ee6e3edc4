@testable import AWSClient
import Foundation
import Testing
import TestSupport

/// ELBv2, ECS and CloudWatch, the services a blue/green release drives, against moto with
/// signature checks. Set-up calls our clients do not offer go through the session directly.
@Suite("ELBv2, ECS and CloudWatch against moto")
struct ReleaseServicesMotoTests {
    static let loadBalancerTemplate = """
        {"Resources": {
         "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
         "A": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}},
         "B": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1b"}},
         "Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Subnets": [{"Ref": "A"}, {"Ref": "B"}]}},
         "Blue": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": 80, "Protocol": "HTTP", "VpcId": {"Ref": "Vpc"}, "TargetType": "ip"}},
         "Green": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": 80, "Protocol": "HTTP", "VpcId": {"Ref": "Vpc"}, "TargetType": "ip"}},
         "Http": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {"LoadBalancerArn": {"Ref": "Lb"}, "Port": 80,
            "Protocol": "HTTP", "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": "Blue"}}]}},
         "Api": {"Type": "AWS::ElasticLoadBalancingV2::ListenerRule", "Properties": {"ListenerArn": {"Ref": "Http"}, "Priority": 10,
            "Conditions": [{"Field": "path-pattern", "Values": ["/api/*"]}], "Actions": [{"Type": "forward", "TargetGroupArn": {"Ref": "Blue"}}]}}},
         "Outputs": {"Lb": {"Value": {"Ref": "Lb"}}, "Listener": {"Value": {"Ref": "Http"}}, "Blue": {"Value": {"Ref": "Blue"}},
            "Green": {"Value": {"Ref": "Green"}}}}
        """

    /// moto's CloudFormation is not safe against concurrent calls from other tests (it then sees
    /// subnet conflicts that are not there), so this test has a moto of its own.
    @Test func trafficShiftsThroughListenerAndRuleWeights() async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let session = try MotoSessions.session(moto)
        let stackName = MotoSessions.uniqueName("lb")
        try await CloudFormation(session).createStack(CreateStackInput(stackName: stackName, templateBody: Self.loadBalancerTemplate))
        let stack = try #require(try await CloudFormation(session).describeStack(stackName))
        let outputs = Dictionary(uniqueKeysWithValues: stack.outputs.map { ($0.outputKey, $0.outputValue ?? "") })
        let listenerArn = try #require(outputs["Listener"])
        let blue = try #require(outputs["Blue"])
        let green = try #require(outputs["Green"])
        let loadBalancerArn = try #require(outputs["Lb"])

        let elb = ElasticLoadBalancingV2(session)
        let listeners = try await elb.describeListeners(loadBalancerArn: loadBalancerArn)
        #expect(listeners.map(\.listenerArn) == [listenerArn])
        #expect(listeners.first?.port == 80)
        #expect(listeners.first?.listenerProtocol == "HTTP")
        #expect(listeners.first?.defaultActions.first?.targetGroupArn == blue)

        let shifted = try await elb.modifyListener(listenerArn: listenerArn, defaultActions: [.weightedForward([(blue, 90), (green, 10)])])
        #expect(shifted?.defaultActions.first?.forwardConfig?.targetGroups == [
            WeightedTargetGroup(targetGroupArn: blue, weight: 90), WeightedTargetGroup(targetGroupArn: green, weight: 10),
        ])
        let reread = try await elb.describeListeners(listenerArns: [listenerArn])
        #expect(reread.first?.defaultActions.first?.forwardConfig?.targetGroups.map(\.weight) == [90, 10])

        let rules = try await elb.describeRules(listenerArn: listenerArn)
        let apiRule = try #require(rules.first { $0.isDefault == false })
        #expect(apiRule.priority == "10")
        #expect(apiRule.conditions == [RuleCondition(field: "path-pattern", values: ["/api/*"])])
        let modified = try await elb.modifyRule(ruleArn: apiRule.ruleArn, actions: [.forward(to: green)])
        #expect(modified?.actions.first?.targetGroupArn == green)

        struct RegisterTargets: Encodable {
            struct Target: Encodable { var id: String; var port: Int }
            var targetGroupArn: String
            var targets: [Target]
        }
        _ = try await session.query(
            .elasticLoadBalancingV2, "RegisterTargets",
            RegisterTargets(targetGroupArn: green, targets: [.init(id: "10.0.1.15", port: 8080)]), as: Nothing.self
        )
        let health = try await elb.describeTargetHealth(targetGroupArn: green)
        #expect(health.map(\.target.id) == ["10.0.1.15"])
        #expect(health.first?.target.port == 8080)
        #expect(health.first?.targetHealth?.state?.isEmpty == false)
    }

    @Test func aServiceMovesToANewTaskDefinition() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let session = try MotoSessions.session(moto)
        let ecs = ECS(session)
        let cluster = MotoSessions.uniqueName("cluster")
        struct CreateCluster: Encodable { var clusterName: String }
        struct CreateService: Encodable { var cluster: String; var serviceName: String; var taskDefinition: String; var desiredCount: Int }
        struct RunTask: Encodable { var cluster: String; var taskDefinition: String; var launchType: String }
        struct RunTaskOutput: Decodable { var tasks: [ECSTask] }
        _ = try await session.json(.ecs, "CreateCluster", CreateCluster(clusterName: cluster), as: Nothing.self)

        var container = ContainerDefinition(name: "web", image: "public.ecr.aws/nginx/nginx:1.27")
        container.memory = 512
        container.portMappings = [.init(containerPort: 8080)]
        container.environment = [.init(name: "MODE", value: "blue")]
        container.secrets = [.init(name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db")]
        container.logConfiguration = .init(logDriver: "awslogs", options: ["awslogs-group": "/tenkai/web"])
        let family = MotoSessions.uniqueName("web")
        let first = try await ecs.registerTaskDefinition(TaskDefinitionInput(family: family, containerDefinitions: [container]))
        #expect(first.family == family)
        #expect(first.revision == 1)
        container.environment = [.init(name: "MODE", value: "green")]
        let second = try await ecs.registerTaskDefinition(TaskDefinitionInput(family: family, containerDefinitions: [container]))
        #expect(second.revision == 2)

        _ = try await session.json(
            .ecs, "CreateService",
            CreateService(cluster: cluster, serviceName: "web", taskDefinition: first.taskDefinitionArn, desiredCount: 2), as: Nothing.self
        )
        let updated = try await ecs.updateService(cluster: cluster, service: "web", taskDefinition: second.taskDefinitionArn, desiredCount: 3)
        #expect(updated.taskDefinition == second.taskDefinitionArn)
        #expect(updated.desiredCount == 3)
        let described = try await ecs.describeServices(cluster: cluster, services: ["web", "missing"])
        #expect(described.services.map(\.serviceName) == ["web"])
        #expect(described.services.first?.taskDefinition == second.taskDefinitionArn)
        #expect(described.failures?.count == 1)

        let run = try await session.json(
            .ecs, "RunTask", RunTask(cluster: cluster, taskDefinition: second.taskDefinitionArn, launchType: "FARGATE"), as: RunTaskOutput.self
        )
        let taskArn = try #require(run.tasks.first?.taskArn)
        #expect(try await ecs.listTasks(cluster: cluster).contains(taskArn))
        let tasks = try await ecs.describeTasks(cluster: cluster, tasks: [taskArn])
        #expect(tasks.tasks.map(\.taskArn) == [taskArn])
        #expect(tasks.tasks.first?.taskDefinitionArn == second.taskDefinitionArn)
    }

    @Test func alarmsAreReadByNameAndState() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let session = try MotoSessions.session(moto)
        let name = MotoSessions.uniqueName("web-5xx")
        _ = try await session.query(.cloudWatch, "PutMetricAlarm", TargetErrorAlarm(alarmName: name), as: Nothing.self)
        let alarms = try await CloudWatch(session).describeAlarms(names: [name])
        #expect(alarms.map(\.alarmName) == [name])
        #expect(alarms.first?.threshold == 1)
        #expect(alarms.first?.evaluationPeriods == 5)
        #expect(alarms.first?.comparisonOperator == "GreaterThanThreshold")
        #expect(["OK", "INSUFFICIENT_DATA"].contains(alarms.first?.stateValue ?? ""))
        struct SetAlarmState: Encodable { var alarmName: String; var stateValue: String; var stateReason: String }
        _ = try await session.query(
            .cloudWatch, "SetAlarmState", SetAlarmState(alarmName: name, stateValue: "ALARM", stateReason: "5xx burst"), as: Nothing.self
        )
        let firing = try await CloudWatch(session).describeAlarms(names: [name])
        #expect(firing.first?.stateValue == "ALARM")
        #expect(firing.first?.stateReason == "5xx burst")
        #expect(try await CloudWatch(session).describeAlarms(namePrefix: name).count == 1)
    }
}

@Suite("JSON protocol errors against moto")
struct JSONProtocolMotoTests {
    /// moto answers JSON services' signature errors as XML marked text/html; the code still comes through.
    @Test func aWrongSecretIsRejectedWithSignatureDoesNotMatch() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let error = await #expect(throws: AWSError.self) {
            try await ECS(try MotoSessions.session(moto, secret: "wrong")).describeServices(cluster: "c", services: ["s"])
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.service == "ECS")
        #expect(error?.operation == "DescribeServices")
    }
}
