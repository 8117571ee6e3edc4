import TenkaiCore

/// A Lambda function with its own execution role and log group.
///
/// Defaults: named `<system>-<env>-<name>`; arm64; X-Ray tracing active; JSON logs into a log
/// group of its own kept 30 days unless ``logRetention(days:)`` says otherwise;
/// an execution role that may write only to that log group and send traces, plus exactly the
/// grants given. Code comes from a folder of the repository (zipped at synth, named by its
/// content hash) or from an artifact already in S3.
///
/// ```swift
/// let collect = Function("collect-stamp", runtime: .nodejs22, handler: "collect.handler",
///                        code: .s3(bucket: artifacts, key: "stamp-rally/1.4.0/collect-stamp.zip"))
///     .environment("USER_STAMPS_TABLE", stamps.tableName)
///     .granting(.readWrite, on: stamps)
///     .allowingUnscoped("rekognition:DetectLabels")
/// ```
public struct Function: EscapeHatching, Grantee, EnvironmentConfigurable {
    /// Where the deployment package is.
    public enum Code: Sendable, Hashable {
        case s3(bucket: String, key: String)
        /// A folder of this repository (relative to its root, where `tenkai` runs): zipped at
        /// synth into `assets/<sha256>.zip` of the bootstrap bucket, uploaded by deploy when absent.
        case folder(String)
    }

    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Function" }
    public internal(set) var runtime: LambdaRuntime
    public internal(set) var handler: String
    public internal(set) var code: Code
    public internal(set) var memoryMB = 256
    /// The memory size as written in an environment file, when it is not a whole number.
    public internal(set) var timeoutSeconds = 10
    public var environment: [Env] = []
    /// What the function may use, each grant scoped to one component's resources.
    public var grants: [Grant] = []
    /// Actions that have no resource-level permissions in IAM, so `Resource` must be `*`.
    public internal(set) var unscopedActions: [String] = []
    /// Where error and throttle alarms go; nil adds none.
    public internal(set) var alarmTopic: Reference?
    /// How many days the function's log group keeps its events.
    public internal(set) var logRetentionDays = 30
    /// The folder (relative to the repository root) holding the unpacked code, for local runs.
    public internal(set) var localCodePath: String?

    public init(_ name: String, runtime: LambdaRuntime, handler: String, code: Code) {
        self.name = name
        self.runtime = runtime
        self.handler = handler
        self.code = code
    }

    public func translate(into stack: inout StackContext) {
        let retention = logRetentionDays
        _ = LogRetention.check(retention, in: &stack)
        if !(128...10_240).contains(memoryMB) {
            stack.report(.error("a function's memory must be 128 to 10240 MB, not \(memoryMB)"))
        }
        if !(1...900).contains(timeoutSeconds) {
            stack.report(.error("a function's timeout must be 1 to 900 seconds, not \(timeoutSeconds)"))
        }
        stack.add(
            logGroup,
            LogRetention.logGroup(
                ["LogGroupName": .string("/aws/lambda/\(physicalName(stack))"), "RetentionInDays": .int(retention)], in: stack))

        for action in unscopedActions where !IAMPolicy.actionsWithoutResourceTypes.contains(action) {
            stack.report(
                .error(
                    "'\(action)' supports resource-level permissions, so it must not be granted on '*'",
                    hint: "grant it on the component it acts on with granting(_:on:)"))
        }
        var policy: [Value] = [
            IAMPolicy.allow(["logs:CreateLogStream", "logs:PutLogEvents"], on: [logGroup.arn]),
            IAMPolicy.allow(["xray:PutTraceSegments", "xray:PutTelemetryRecords"], on: ["*"]),
        ]
        if !unscopedActions.isEmpty { policy.append(IAMPolicy.allow(unscopedActions, on: ["*"])) }
        policy += grants.policyStatements(in: stack)
        stack.add(
            role,
            Resource(
                type: "AWS::IAM::Role",
                properties: [
                    "Description": .string("Execution role of function \(physicalName(stack))"),
                    "AssumeRolePolicyDocument": IAMPolicy.trust("lambda.amazonaws.com"),
                    "Policies": [["PolicyName": "least-privilege", "PolicyDocument": IAMPolicy.document(policy)]],
                ]))

        _ = environment.check(owner: "function \(name)", secretHint: { variable in
            "keep it in RuntimeParameter.secure, pass its name (\(variable.name)_PARAMETER) and grant read access to it"
        }, in: &stack)
        var properties: Fields = [
            "FunctionName": .string(physicalName(stack)),
            "Description": .string("\(stack.systemName) \(name) (\(stack.environment.name))"),
            "Runtime": .string(runtime.identifier),
            "Handler": .string(handler),
            "Architectures": ["arm64"],
            "MemorySize": .int(memoryMB),
            "Timeout": .int(timeoutSeconds),
            "Role": role.arn,
            "TracingConfig": ["Mode": "Active"],
            "LoggingConfig": ["LogGroup": logGroup.ref, "LogFormat": "JSON"],
        ]
        var metadata: Fields = [:]
        switch code {
        case .s3(let bucket, let key):
            properties["Code"] = ["S3Bucket": .string(bucket), "S3Key": .string(key)]
        case .folder(let folder):
            if let asset = CodeAsset.reading(folder, function: name, in: &stack) {
                properties["Code"] = ["S3Bucket": .sub(CodeAsset.bootstrapBucketTemplate), "S3Key": .string(asset.key)]
                metadata[CodeAsset.metadataKey] = ["Folder": .string(folder), "Key": .string(asset.key)]
            }
        }
        if !environment.isEmpty {
            properties["Environment"] = ["Variables": .map(Fields(environment.map { ($0.name, $0.value) }))]
        }
        var function = Resource(type: "AWS::Lambda::Function", properties: properties)
        function.metadata = metadata
        stack.add(logicalID, function)

        if let alarmTopic { addOwnAlarms(recommendedAlarms(), notifying: alarmTopic, to: &stack) }
    }

    private func physicalName(_ stack: StackContext) -> String { stack.resourceName(name) }

    // MARK: - Resources

    private var logGroup: ResourceID { part("LogGroup") }
    /// The execution role.
    private var role: ResourceID { part("Role") }

    // MARK: - References

    /// The function's name (`Ref`).
    public var functionName: Reference { reference(.name) }
    public var arn: Reference { attribute("Arn", .arn) }

    // MARK: - Modifiers

    /// Memory in MB (128–10,240); CPU grows with it.
    public func memory(_ megabytes: Int) -> Function { with { $0.memoryMB = megabytes } }
    /// How long one invocation may run (API Gateway gives up after 29 seconds).
    public func timeout(seconds: Int) -> Function { with { $0.timeoutSeconds = seconds } }
    /// Allows actions IAM cannot scope to a resource (`rekognition:DetectLabels`); any other
    /// action is refused with an error, so `*` never widens a scoped grant. Actions the rule
    /// set's `iam-wildcard` list does not know yet (Rekognition's) need a suppression with that
    /// reason: `.suppress(rule: .iamWildcard, reason: "…")`.
    public func allowingUnscoped(_ actions: String...) -> Function { with { $0.unscopedActions += actions } }
    /// Its ``recommendedAlarms()`` (errors, throttles), added inside the function and sent to `topic`.
    public func alarms(notify topic: Reference) -> Function { with { $0.alarmTopic = topic } }
    public func logRetention(days: Int) -> Function { with { $0.logRetentionDays = days } }
    /// Where compose finds the unpacked code, relative to the repository root.
    public func localCode(_ path: String) -> Function { with { $0.localCodePath = path } }
}
