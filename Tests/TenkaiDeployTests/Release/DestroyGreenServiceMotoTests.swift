@testable import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// `tenkai destroy` removes the `<service>-green` ECS service a release made outside
/// CloudFormation before it deletes the stack holding the cluster (moto, signatures checked).
@Suite("Destroy removes the release's green service first")
struct DestroyGreenServiceMotoTests {
    static let template = """
        {"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "shop-dev-web"}}},
         "Outputs": {"WebServiceReleaseService": {"Value": "shop-dev-web"},
                     "WebServiceReleaseCluster": {"Value": {"Ref": "Cluster"}}}}
        """

    @Test func theGreenServiceIsScaledDownAndDeletedBeforeTheStack() async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let keys = try #require(moto.credentials)
        let session = AWSSession(
            region: "us-east-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey)),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.endpoint.absoluteString]),
            retryPolicy: RetryPolicy(baseDelay: .milliseconds(10)))
        let aws = AWSConnections(session)
        var model = Template(description: "app")
        model.resources["Cluster"] = Resource(type: "AWS::ECS::Cluster", properties: ["ClusterName": "shop-dev-web"])
        let target = DeployTarget(name: "app", stackName: "shop-dev-app", region: "us-east-1", template: model, templateBody: Array(Self.template.utf8))
        _ = try await CloudFormation(session).createStack(CreateStackInput(stackName: "shop-dev-app", templateBody: Self.template))

        // Blue (the stack's service, here made by the API) and green (what a release makes).
        let ecs = ECS(session)
        var input = TaskDefinitionInput(
            family: "shop-dev-web", containerDefinitions: [ContainerDefinition(name: "app", image: "127.0.0.1:5000/shop@sha256:" + String(repeating: "a", count: 64))])
        input.cpu = "256"
        input.memory = "512"
        let definition = try await ecs.registerTaskDefinition(input)
        for (name, count) in [("shop-dev-web", 1), ("shop-dev-web-green", 2)] {
            var input = CreateServiceInput(cluster: "shop-dev-web", serviceName: name, taskDefinition: definition.taskDefinitionArn, desiredCount: count)
            input.launchType = "EC2"
            try await ecs.createService(input)
        }

        let reporter = RecordingReporter()
        var run = DestroyRun(targets: [target], apis: aws.cloudFormation, reporter: reporter, options: DeployOptions(), confirmed: false)
        run.beforeDeleting = { target, stack in
            var cleanup = GreenServiceCleanup(ecs: ECS(aws.session(target.region)), reporter: reporter, stack: target.name, stackName: target.stackName)
            cleanup.pollInterval = .milliseconds(100)
            try await cleanup.remove(outputs: stack.outputs)
        }
        let results = try await run.run()

        #expect(results.map(\.outcome) == [.deleted], "\(results.map { $0.error ?? "" })")
        #expect(try await CloudFormation(session).describeStack("shop-dev-app") == nil)
        let services = try await ecs.describeServices(cluster: "shop-dev-web", services: ["shop-dev-web", "shop-dev-web-green"]).services
        #expect(services.first { $0.serviceName == "shop-dev-web-green" }?.status == "INACTIVE")
        #expect(services.first { $0.serviceName == "shop-dev-web" }?.status == "ACTIVE", "the stack's own service is CloudFormation's to delete")
        let messages = reporter.events.compactMap(\.message)
        let cleaned = try #require(messages.firstIndex { $0 == "deleting ECS service shop-dev-web-green, made by tenkai release" })
        let deleting = try #require(messages.firstIndex { $0 == "deleting" })
        #expect(cleaned < deleting)
    }

    @Test func onlyReleasedServicesWithAClusterAreFound() {
        let found = GreenServiceCleanup.greenServices(in: [
            "WebServiceReleaseService": "shop-dev-web", "WebServiceReleaseCluster": "shop-dev",
            "AdminServiceReleaseService": "shop-dev-admin",  // no cluster output: not ours to guess
            "FilesBucketName": "files",
        ])
        #expect(found.map(\.cluster) == ["shop-dev"])
        #expect(found.map(\.service) == ["shop-dev-web-green"])
    }
}
