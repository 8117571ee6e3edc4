extension ECS {
    /// Deletes a service; `force` deletes it even with tasks still wanted (they are stopped). The
    /// service stays `DRAINING` until its tasks stop, then becomes `INACTIVE`.
    @discardableResult
    public func deleteService(cluster: String, service serviceName: String, force: Bool = true) async throws -> ECSService {
        struct Input: Encodable { var cluster: String; var service: String; var force: Bool }
        struct Output: Decodable { var service: ECSService }
        return try await session.json(.ecs, "DeleteService", Input(cluster: cluster, service: serviceName, force: force), as: Output.self).service
    }
}

extension ECS {
    /// Stops a task (its containers get SIGTERM, then SIGKILL after their stop timeout).
    @discardableResult
    public func stopTask(cluster: String, task: String, reason: String) async throws -> ECSTask {
        struct Input: Encodable { var cluster: String; var task: String; var reason: String }
        struct Output: Decodable { var task: ECSTask }
        return try await session.json(.ecs, "StopTask", Input(cluster: cluster, task: task, reason: reason), as: Output.self).task
    }
}
