/// The ECS calls a release needs: register the new task definition, point the service at it,
/// and watch its deployments and tasks.
///
/// ```swift
/// let ecs = ECS(aws)
/// let registered = try await ecs.registerTaskDefinition(definition)
/// try await ecs.updateService(cluster: "main", service: "web", taskDefinition: registered.taskDefinitionArn)
/// ```
public struct ECS: Sendable {
    public let session: AWSSession
    private let service = AWSService.ecs

    public init(_ session: AWSSession) {
        self.session = session
    }

    public func describeServices(cluster: String, services: [String]) async throws -> DescribeServicesOutput {
        try await session.json(service, "DescribeServices", DescribeServicesInput(cluster: cluster, services: services))
    }

    /// Changes a service's task definition and/or desired count (the same call twice sets the same state).
    @discardableResult
    public func updateService(
        cluster: String, service serviceName: String, taskDefinition: String? = nil, desiredCount: Int? = nil,
        forceNewDeployment: Bool? = nil
    ) async throws -> ECSService {
        try await session.json(
            service, "UpdateService",
            UpdateServiceInput(
                cluster: cluster, service: serviceName, taskDefinition: taskDefinition, desiredCount: desiredCount,
                forceNewDeployment: forceNewDeployment
            ),
            as: ServiceOutput.self
        ).service
    }

    /// Registers a new revision. Not retried once sent: a repeat would register another revision.
    public func registerTaskDefinition(_ definition: TaskDefinitionInput) async throws -> TaskDefinition {
        try await session.json(service, "RegisterTaskDefinition", definition, isRetrySafe: false, as: TaskDefinitionOutput.self)
            .taskDefinition
    }

    public func describeTasks(cluster: String, tasks: [String]) async throws -> DescribeTasksOutput {
        try await session.json(service, "DescribeTasks", DescribeTasksInput(cluster: cluster, tasks: tasks))
    }

    /// The ARNs of a cluster's tasks, optionally only one service's, in `RUNNING` or `STOPPED` state.
    public func listTasks(cluster: String, serviceName: String? = nil, desiredStatus: String? = nil) async throws -> [String] {
        var arns: [String] = []
        var token: String?
        repeat {
            let page = try await session.json(
                service, "ListTasks",
                ListTasksInput(cluster: cluster, serviceName: serviceName, desiredStatus: desiredStatus, nextToken: token),
                as: TaskArnsPage.self
            )
            arns += page.taskArns
            token = page.nextToken
        } while token != nil
        return arns
    }
}

private struct ListTasksInput: Encodable {
    var cluster: String
    var serviceName: String?
    var desiredStatus: String?
    var nextToken: String?
}

private struct TaskArnsPage: Decodable {
    var taskArns: [String]
    var nextToken: String?
}

private struct DescribeServicesInput: Encodable {
    var cluster: String
    var services: [String]
}

private struct UpdateServiceInput: Encodable {
    var cluster: String
    var service: String
    var taskDefinition: String?
    var desiredCount: Int?
    var forceNewDeployment: Bool?
}

private struct DescribeTasksInput: Encodable {
    var cluster: String
    var tasks: [String]
}

private struct ServiceOutput: Decodable {
    var service: ECSService
}

private struct TaskDefinitionOutput: Decodable {
    var taskDefinition: TaskDefinition
}
