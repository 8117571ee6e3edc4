import Foundation
import Synchronization

/// A loopback proxy in front of moto for release tests: forwards every request unchanged (moto
/// checks its signature), records which operation each was and when, and answers the two ECS
/// calls moto cannot serve for a Fargate task, `RunTask` and `DescribeTasks`, itself.
///
/// These are the hand-written fakes of the release tests (and ``ECSDeploymentScript``, the
/// progress of ECS's own deployments, which moto does not model, with CloudFormation waiting on
/// them and its `CancelUpdateStack`, which moto lacks): moto's `RunTask` fails for `awsvpc`
/// task definitions and its tasks never stop with an exit code, so the migration task is
/// scripted here: it runs, then stops with ``migrationExitCode``. And moto reports every
/// registered target healthy, so ``unhealthyTargetGroup`` makes `DescribeTargetHealth` of one
/// group answer with a failing target.
///
/// ```swift
/// let proxy = try ReleaseEmulatorProxy(upstreamPort: moto.port)
/// proxy.migrationExitCode = 1
/// // point AWS_ENDPOINT_URL at proxy.url
/// ```
public final class ReleaseEmulatorProxy: Sendable {
    /// One request that passed through.
    public struct Call: Sendable {
        /// `ModifyListener`, `DescribeAlarms`, `PutObject`, …
        public var operation: String
        public var time: Date
    }

    /// A migration task the fake started: the command it was given.
    public struct StartedTask: Sendable, Equatable {
        public var taskArn: String
        public var taskDefinition: String
        public var command: [String]
        /// The container whose command was overridden.
        public var container: String
        /// Whether `StopTask` stopped it.
        public var stoppedByCaller = false
    }

    /// How ECS's own deployment of a service goes (`Service.ecsManagedDeployment`): moto points
    /// the service at a new task definition but keeps showing its first deployment, so the proxy
    /// rewrites `DescribeServices`: a deployment of the new revision `IN_PROGRESS` for
    /// `describesBeforeEnd` answers, then `COMPLETED`, or `FAILED` with `failure` as its reason.
    ///
    /// With `stack`, CloudFormation's side of that deployment too: moto's `UpdateStack` is
    /// synchronous, while CloudFormation waits for ECS's deployment, so `DescribeStacks` shows the
    /// stack `UPDATE_IN_PROGRESS` until the deployment ends. A `FAILED` deployment, or
    /// `CancelUpdateStack` (moto has no such call: answered here) while it runs, rolls the stack
    /// back: `rollback` does to moto what CloudFormation's rollback does (the stack and service back
    /// on the previous image) while the stack shows `UPDATE_ROLLBACK_IN_PROGRESS`, then
    /// `UPDATE_ROLLBACK_COMPLETE`.
    public struct ECSDeploymentScript: Sendable {
        public var service: String
        public var describesBeforeEnd: Int
        public var failure: String?
        public var stack: String?
        public var rollback: (@Sendable () async -> Void)?

        public init(
            service: String, describesBeforeEnd: Int, failure: String? = nil, stack: String? = nil, rollback: (@Sendable () async -> Void)? = nil
        ) {
            self.service = service
            self.describesBeforeEnd = describesBeforeEnd
            self.failure = failure
            self.stack = stack
            self.rollback = rollback
        }
    }

    /// Where the scripted stack's update is (``ECSDeploymentScript/stack``).
    enum ScriptedStackPhase: Sendable {
        case idle, updating, rollingBack, rolledBack
    }

    private struct State {
        var calls: [Call] = []
        var tasks: [String: (started: StartedTask, describes: Int)] = [:]
        var exitCode = 0
        var unhealthyGroup: String?
        var deployment: ECSDeploymentScript?
        var containerStopsFirst = false
        var deploymentDescribes: [String: Int] = [:]
        var deployedRevisions: [String] = []
        var stackPhase = ScriptedStackPhase.idle
        var updateStackFailure: String?
    }

    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared: Shared
    private let listener: LoopbackListener

    public var port: Int { listener.port }
    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// What the next migration tasks exit with.
    public var migrationExitCode: Int {
        get { shared.state.withLock { $0.exitCode } }
        set { shared.state.withLock { $0.exitCode = newValue } }
    }

    /// A target group whose `DescribeTargetHealth` answers one unhealthy target (`nil`: moto answers).
    public var unhealthyTargetGroup: String? {
        get { shared.state.withLock { $0.unhealthyGroup } }
        set { shared.state.withLock { $0.unhealthyGroup = newValue } }
    }

    /// Scripts ECS's deployments of one service (`nil`: moto answers `DescribeServices` as it is).
    public var ecsDeployment: ECSDeploymentScript? {
        get { shared.state.withLock { $0.deployment } }
        set { shared.state.withLock { $0.deployment = newValue } }
    }

    /// The migration container stops while its task keeps running (other containers in the
    /// task, as in the CRM's): the task stops only when `StopTask` asks.
    public var migrationContainerStopsBeforeTask: Bool {
        get { shared.state.withLock { $0.containerStopsFirst } }
        set { shared.state.withLock { $0.containerStopsFirst = newValue } }
    }

    /// A fault: `UpdateStack` answers HTTP 400 `ValidationError` with this message (`nil`: moto answers).
    public var updateStackFailure: String? {
        get { shared.state.withLock { $0.updateStackFailure } }
        set { shared.state.withLock { $0.updateStackFailure = newValue } }
    }

    public var calls: [Call] { shared.state.withLock { $0.calls } }
    /// The revisions ECS's scripted deployments moved the service to, in order.
    public var scriptedDeployments: [String] { shared.state.withLock { $0.deployedRevisions } }
    public var startedTasks: [StartedTask] { shared.state.withLock { $0.tasks.values.map(\.started).sorted { $0.taskArn < $1.taskArn } } }

    public init(upstreamPort: Int, lifetime: Duration = .seconds(900)) throws {
        let shared = Shared()
        self.shared = shared
        listener = try LoopbackListener(lifetime: lifetime) { connection in
            guard let request = connection.readRequest() else { return }
            let operation = Self.operation(of: request)
            shared.state.withLock { $0.calls.append(Call(operation: operation, time: Date())) }
            if operation == "RunTask" || operation == "DescribeTasks" || operation == "StopTask",
                let answer = Self.answerTaskCall(operation, body: request.body, shared: shared)
            {
                connection.respond(status: 200, headers: [("Content-Type", "application/x-amz-json-1.1")], body: answer)
                return
            }
            if operation == "CancelUpdateStack" {
                let (status, body) = Self.cancelUpdate(shared: shared)
                connection.respond(status: status, headers: [("Content-Type", "text/xml")], body: Data(body.utf8))
                return
            }
            if operation == "UpdateStack", let failure = shared.state.withLock({ $0.updateStackFailure }) {
                let body = "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type>"
                    + "<Code>ValidationError</Code><Message>\(failure)</Message></Error><RequestId>release-proxy</RequestId></ErrorResponse>"
                connection.respond(status: 400, headers: [("Content-Type", "text/xml")], body: Data(body.utf8))
                return
            }
            if operation == "DescribeTargetHealth", let group = shared.state.withLock({ $0.unhealthyGroup }),
                Self.queryValue("TargetGroupArn", in: request.body) == group
            {
                connection.respond(status: 200, headers: [("Content-Type", "text/xml")], body: Data(Self.unhealthyAnswer.utf8))
                return
            }
            guard let upstream = LoopbackConnection.connect(toLoopbackPort: upstreamPort) else {
                connection.respond(status: 502, body: Data("release proxy: moto unreachable".utf8))
                return
            }
            defer { upstream.close() }
            upstream.write(request.raw)
            let answer = upstream.readToEnd()
            if operation == "DescribeServices", shared.state.withLock({ $0.deployment }) != nil,
                let rewritten = Self.rewriteDeployments(answer, shared: shared)
            {
                connection.respond(status: 200, headers: [("Content-Type", "application/x-amz-json-1.1")], body: rewritten)
                return
            }
            if let stack = shared.state.withLock({ $0.deployment?.stack }), Self.queryValue("StackName", in: request.body) == stack {
                if operation == "UpdateStack", String(decoding: answer.prefix(12), as: UTF8.self).hasSuffix("200") {
                    shared.state.withLock { $0.stackPhase = .updating }
                } else if operation == "DescribeStacks", let rewritten = Self.rewriteStackStatus(answer, shared: shared) {
                    connection.respond(status: 200, headers: [("Content-Type", "text/xml")], body: rewritten)
                    return
                }
            }
            connection.write(answer)
        }
    }

    public func stop() { listener.stop() }

    /// How many calls of `operation` were made at or after `time`.
    public func count(_ operation: String, since time: Date = .distantPast) -> Int {
        calls.filter { $0.operation == operation && $0.time >= time }.count
    }

    /// The operation's name: the JSON protocol's `X-Amz-Target`, the query protocol's `Action`,
    /// or the S3 method and whether a key was named.
    static func operation(of request: LoopbackRequest) -> String {
        if let target = request.header("X-Amz-Target"), let dot = target.lastIndex(of: ".") {
            return String(target[target.index(after: dot)...])
        }
        let body = String(decoding: request.body, as: UTF8.self)
        for pair in body.split(separator: "&") where pair.hasPrefix("Action=") {
            return String(pair.dropFirst("Action=".count))
        }
        return "S3 \(request.method)"
    }

    private static func queryValue(_ name: String, in body: Data) -> String? {
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") where pair.hasPrefix(name + "=") {
            return String(pair.dropFirst(name.count + 1)).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }

    static let unhealthyAnswer = """
        <DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
          <DescribeTargetHealthResult><TargetHealthDescriptions><member>
            <Target><Id>10.0.2.11</Id><Port>8080</Port></Target><HealthCheckPort>8080</HealthCheckPort>
            <TargetHealth><State>unhealthy</State><Reason>Target.ResponseCodeMismatch</Reason>
              <Description>Health checks failed with these codes: [500]</Description></TargetHealth>
          </member></TargetHealthDescriptions></DescribeTargetHealthResult>
          <ResponseMetadata><RequestId>release-proxy</RequestId></ResponseMetadata>
        </DescribeTargetHealthResponse>
        """

    /// The scripted service's deployments, when moto's answer shows it pointed at a revision
    /// other than its first deployment's.
    private static func rewriteDeployments(_ raw: Data, shared: Shared) -> Data? {
        guard let split = raw.range(of: Data("\r\n\r\n".utf8)), String(decoding: raw.prefix(12), as: UTF8.self).hasSuffix("200"),
            var answer = try? JSONSerialization.jsonObject(with: raw[split.upperBound...]) as? [String: Any],
            var services = answer["services"] as? [[String: Any]]
        else { return nil }
        for index in services.indices {
            var service = services[index]
            guard let script = shared.state.withLock({ $0.deployment }), service["serviceName"] as? String == script.service,
                let current = service["taskDefinition"] as? String, var first = (service["deployments"] as? [[String: Any]])?.first,
                let original = first["taskDefinition"] as? String, original != current
            else { continue }
            let seen = shared.state.withLock { state -> Int in
                state.deploymentDescribes[current, default: 0] += 1
                return state.deploymentDescribes[current]!
            }
            let ended = seen > script.describesBeforeEnd
            if seen == 1 { shared.state.withLock { $0.deployedRevisions.append(current) } }
            if ended {
                if script.failure == nil {
                    shared.state.withLock { if $0.stackPhase == .updating { $0.stackPhase = .idle } }
                } else {
                    startRollback(shared: shared)
                }
            }
            var new = first
            new["id"] = "ecs-svc/proxy\(abs(current.hashValue) % 100_000)"
            new["taskDefinition"] = current
            new["status"] = "PRIMARY"
            new["rolloutState"] = ended ? (script.failure == nil ? "COMPLETED" : "FAILED") : "IN_PROGRESS"
            new["rolloutStateReason"] = ended ? (script.failure ?? "ECS deployment completed.") : "ECS deployment in progress."
            new["runningCount"] = ended && script.failure == nil ? (first["desiredCount"] ?? 0) : 0
            first["status"] = "ACTIVE"
            service["deployments"] = ended && script.failure == nil ? [new] : [new, first]
            services[index] = service
        }
        answer["services"] = services
        return try? JSONSerialization.data(withJSONObject: answer)
    }

    /// `CancelUpdateStack`: valid only while the scripted update runs, as CloudFormation's.
    private static func cancelUpdate(shared: Shared) -> (Int, String) {
        guard shared.state.withLock({ $0.stackPhase }) == .updating else {
            return (400, "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type>"
                + "<Code>ValidationError</Code><Message>CancelUpdateStack cannot be called from current stack status</Message></Error>"
                + "<RequestId>release-proxy</RequestId></ErrorResponse>")
        }
        startRollback(shared: shared)
        return (200, "<CancelUpdateStackResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
            + "<ResponseMetadata><RequestId>release-proxy</RequestId></ResponseMetadata></CancelUpdateStackResponse>")
    }

    /// Runs the script's rollback once, from an update in progress.
    private static func startRollback(shared: Shared) {
        let rollback = shared.state.withLock { state -> (@Sendable () async -> Void)?? in
            guard state.stackPhase == .updating else { return nil }
            state.stackPhase = .rollingBack
            return .some(state.deployment?.rollback)
        }
        guard let rollback else { return }
        Task {
            await rollback?()
            shared.state.withLock { $0.stackPhase = .rolledBack }
        }
    }

    /// The scripted stack's status as CloudFormation would show it while ECS deploys or it rolls back.
    private static func rewriteStackStatus(_ raw: Data, shared: Shared) -> Data? {
        let shown: String
        switch shared.state.withLock({ $0.stackPhase }) {
        case .idle: return nil
        case .updating: shown = "UPDATE_IN_PROGRESS"
        case .rollingBack: shown = "UPDATE_ROLLBACK_IN_PROGRESS"
        case .rolledBack: shown = "UPDATE_ROLLBACK_COMPLETE"
        }
        guard let split = raw.range(of: Data("\r\n\r\n".utf8)), String(decoding: raw.prefix(12), as: UTF8.self).hasSuffix("200") else { return nil }
        let body = String(decoding: raw[split.upperBound...], as: UTF8.self)
        guard let regex = try? NSRegularExpression(pattern: "<StackStatus>[A-Z_]+</StackStatus>") else { return nil }
        let range = NSRange(body.startIndex..., in: body)
        return Data(regex.stringByReplacingMatches(in: body, range: range, withTemplate: "<StackStatus>\(shown)</StackStatus>").utf8)
    }

    private static func answerTaskCall(_ operation: String, body: Data, shared: Shared) -> Data? {
        guard let input = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        if operation == "RunTask" {
            let cluster = input["cluster"] as? String ?? "default"
            let definition = input["taskDefinition"] as? String ?? ""
            let overrides = (input["overrides"] as? [String: Any])?["containerOverrides"] as? [[String: Any]] ?? []
            let command = overrides.first?["command"] as? [String] ?? []
            let container = overrides.first?["name"] as? String ?? "app"
            let arn = "arn:aws:ecs:us-east-1:123456789012:task/\(cluster)/\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
            shared.state.withLock { $0.tasks[arn] = (StartedTask(taskArn: arn, taskDefinition: definition, command: command, container: container), 0) }
            return try? JSONSerialization.data(withJSONObject: [
                "tasks": [["taskArn": arn, "taskDefinitionArn": definition, "lastStatus": "PROVISIONING", "desiredStatus": "RUNNING"]],
                "failures": [],
            ])
        }
        if operation == "StopTask" {
            guard let arn = input["task"] as? String else { return nil }
            return shared.state.withLock { state -> Data? in
                guard state.tasks[arn] != nil else { return nil }
                state.tasks[arn]!.started.stoppedByCaller = true
                return try? JSONSerialization.data(withJSONObject: ["task": ["taskArn": arn, "lastStatus": "RUNNING", "desiredStatus": "STOPPED"]])
            }
        }
        let arns = input["tasks"] as? [String] ?? []
        return shared.state.withLock { state -> Data? in
            guard arns.allSatisfy({ state.tasks[$0] != nil }) else { return nil }
            let described: [[String: Any]] = arns.map { arn in
                state.tasks[arn]!.describes += 1
                let task = state.tasks[arn]!
                let exited = task.describes >= 2
                let stopped = exited && (!state.containerStopsFirst || task.started.stoppedByCaller)
                var fields: [String: Any] = [
                    "taskArn": arn, "taskDefinitionArn": task.started.taskDefinition,
                    "lastStatus": stopped ? "STOPPED" : "RUNNING", "desiredStatus": stopped ? "STOPPED" : "RUNNING",
                ]
                if stopped {
                    fields["stopCode"] = "EssentialContainerExited"
                    fields["stoppedReason"] = "Essential container in task exited"
                }
                if exited {
                    fields["containers"] = [["name": task.started.container, "lastStatus": "STOPPED", "exitCode": state.exitCode]]
                }
                return fields
            }
            return try? JSONSerialization.data(withJSONObject: ["tasks": described, "failures": []])
        }
    }
}
