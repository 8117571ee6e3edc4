import TenkaiCore

/// The compose file being built, with what a component needs to know while adding to it.
///
/// It keeps the local value of every published reference (a bucket's name, a database's
/// host name) together with the service that must be ready before the value can be used, so a
/// container that reads a value also waits for what stands behind it.
public struct ComposeContext {
    /// What stands behind a published reference: its value, and the service to wait for.
    struct LocalValue {
        var value: String
        var readyWhen: (service: String, condition: ComposeService.Condition)?
    }

    public let environment: Environment
    /// The path from the compose file's folder to the repository root, for build contexts.
    public let projectRoot: String
    /// The system's own local-run customisation (images it builds, local-only variables).
    public let localRun: LocalRun
    /// The region containers pretend to be in.
    public var region: String { environment.region }
    public internal(set) var file: ComposeFile
    /// `system/stack/component` of the component translating now.
    public internal(set) var componentPath: String
    var values: [String: LocalValue] = [:]
    /// Endpoint variables every AWS SDK client needs to reach the local stand-ins.
    public internal(set) var awsEndpoints: [String: String] = [:]
    /// The set-up jobs an AWS SDK client waits for (tables created, buckets made).
    var awsSetupJobs: Set<String> = []
    var diagnostics: [Diagnostic] = []
    /// Connection URLs of local databases, by the reference of their endpoint.
    public internal(set) var connectionURLs: [String: String] = [:]

    /// Added to every host port this system publishes, so several systems run side by side.
    public internal(set) var hostPortOffset = 0

    init(environment: Environment, projectRoot: String, hostPortOffset: Int = 0, localRun: LocalRun = LocalRun()) {
        self.environment = environment
        self.localRun = localRun
        self.projectRoot = projectRoot
        self.hostPortOffset = hostPortOffset
        self.file = ComposeFile(projectName: environment.systemName)
        self.componentPath = environment.systemName
    }

    /// `<system>-local-<name>`: the same physical-name convention as in the cloud.
    public func resourceName(_ name: String) -> String { environment.resourceName(name) }

    // MARK: - Services

    /// Adds a service; a name already taken is an error naming the component.
    public mutating func add(_ name: String, _ service: ComposeService) {
        guard file.services[name] == nil else {
            report(.error("two components would add the compose service '\(name)'", hint: "give one of them another name"))
            return
        }
        file.services[name] = service
    }

    /// Adds a service that several components share (one DynamoDB Local for every table) the
    /// first time it is asked for, and lets each caller change it.
    public mutating func shared(_ name: String, create: () -> ComposeService, change: (inout ComposeService) -> Void = { _ in }) {
        var service = file.services[name] ?? create()
        change(&service)
        file.services[name] = service
    }

    public mutating func addVolume(_ name: String) { file.volumes.insert(name) }

    /// Declares the local endpoint of an AWS service (`AWS_ENDPOINT_URL_S3`), set on every
    /// container that talks to AWS, and the set-up job those containers wait for.
    public mutating func endpoint(_ variable: String, _ url: String, readyWhen setupJob: String) {
        awsEndpoints[variable] = url
        awsSetupJobs.insert(setupJob)
    }

    /// The first host port from `start` that no service publishes yet.
    public func freeHostPort(from start: Int) -> Int {
        let used = Set(file.services.values.flatMap(\.ports).compactMap { Int($0.split(separator: ":").first ?? "") })
        var port = start + hostPortOffset
        while used.contains(port) { port += 1 }
        return port
    }

    // MARK: - Values

    /// Publishes the local value of `reference`, and what a user of it must wait for.
    public mutating func publish(
        _ reference: Reference, as value: String, readyWhen: (String, ComposeService.Condition)? = nil
    ) {
        values[reference.description] = LocalValue(value: value, readyWhen: readyWhen.map { (service: $0.0, condition: $0.1) })
    }

    /// Publishes the local value of a secret or parameter (what ECS would inject from `source`).
    public mutating func publish(
        _ source: SecretSource, as value: String, readyWhen: (String, ComposeService.Condition)? = nil
    ) {
        guard let key = Self.key(of: source) else { return }
        values[key] = LocalValue(value: value, readyWhen: readyWhen.map { (service: $0.0, condition: $0.1) })
    }

    /// Sets `variables` on `service` with their local values and makes it wait for what stands
    /// behind them. A reference nothing published is an error naming the variable.
    public mutating func wire(_ variables: [Env], into service: inout ComposeService) {
        for variable in variables { wire(variable.name, variable.value, into: &service) }
    }

    /// Sets one variable from a CloudFormation value: text, `Ref`/`Fn::GetAtt` of a component
    /// with a local stand-in, pseudo parameters, `Fn::Join` and `Fn::Sub` of those.
    public mutating func wire(_ name: String, _ value: Value, into service: inout ComposeService) {
        var waits: [(service: String, condition: ComposeService.Condition)] = []
        guard let text = resolve(value, waits: &waits) else {
            let owner = value.referencedIDs.first ?? "?"
            report(
                .error(
                    "environment variable \(name) uses '\(owner)', which has no local stand-in",
                    hint: "add its component to a stack of this system, or give the component a LocallyRunnable conformance"))
            return
        }
        service.environment[name] = text
        for wait in waits { service.dependsOn[wait.service] = wait.condition }
    }

    /// Sets a variable ECS injects from Secrets Manager or Parameter Store.
    public mutating func wire(_ name: String, secret source: SecretSource, into service: inout ComposeService) {
        guard let key = Self.key(of: source), let local = values[key] else {
            report(
                .error(
                    "secret \(name) comes from a secret or parameter without a local stand-in",
                    hint: "give the component holding it a LocallyRunnable conformance"))
            return
        }
        service.environment[name] = local.value
        if let ready = local.readyWhen { service.dependsOn[ready.service] = ready.condition }
    }

    /// The local text of `value`, collecting what must be ready first; nil when a part has no stand-in.
    func resolve(_ value: Value, waits: inout [(service: String, condition: ComposeService.Condition)]) -> String? {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .function("Ref", .string("AWS::Region")): return region
        case .function("Ref", .string("AWS::AccountId")): return "000000000000"
        case .function("Ref", .string("AWS::Partition")): return "aws"
        case .function("Ref", .string("AWS::URLSuffix")): return "amazonaws.com"
        case .function("Ref", .string(let id)): return lookup(id, waits: &waits)
        case .function("Fn::GetAtt", .list(let parts)):
            guard parts.count == 2, let id = parts[0].stringValue, let attribute = parts[1].stringValue else { return nil }
            return lookup("\(id).\(attribute)", waits: &waits)
        case .function("Fn::Join", .list(let parts)):
            guard parts.count == 2, let separator = parts[0].stringValue, let items = parts[1].listValue else { return nil }
            var resolved: [String] = []
            for item in items {
                guard let text = resolve(item, waits: &waits) else { return nil }
                resolved.append(text)
            }
            return resolved.joined(separator: separator)
        case .function("Fn::Sub", .string(let template)):
            var output = ""
            var rest = Substring(template)
            while let open = rest.firstRange(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
                output += rest[..<open.lowerBound]
                let token = String(rest[open.upperBound..<close])
                let part: Value = token.contains(".")
                    ? .getAtt(String(token.prefix { $0 != "." }), String(token.drop { $0 != "." }.dropFirst()))
                    : .ref(token)
                guard let text = resolve(part, waits: &waits) else { return nil }
                output += text
                rest = rest[rest.index(after: close)...]
            }
            return output + rest
        default: return nil
        }
    }

    private func lookup(_ key: String, waits: inout [(service: String, condition: ComposeService.Condition)]) -> String? {
        guard let local = values[key] else { return nil }
        if let ready = local.readyWhen { waits.append(ready) }
        return local.value
    }

    /// A secret is known by the first resource its ARN names, plus the JSON key it reads; the
    /// `secret:` prefix keeps its value apart from the resource's own references (a parameter's
    /// name and its value are different things).
    static func key(of source: SecretSource) -> String? {
        guard let first = source.arn.referencedIDs.first else { return nil }
        return "secret:" + (source.jsonKey.map { "\(first)#\($0)" } ?? first)
    }

    /// Makes `service` an AWS SDK client of the local stand-ins: dummy credentials, the region,
    /// every local endpoint, and a wait for every set-up job.
    public func connectToLocalAWS(_ service: inout ComposeService) {
        service.environment.merge(awsEndpoints) { _, endpoint in endpoint }
        service.environment["AWS_REGION"] = region
        service.environment["AWS_ACCESS_KEY_ID"] = LocalAWS.accessKeyID
        service.environment["AWS_SECRET_ACCESS_KEY"] = LocalAWS.secretAccessKey
        // Apps configured for one S3-compatible endpoint (rather than the SDK's variable) read this.
        if let storage = awsEndpoints["AWS_ENDPOINT_URL_S3"] { service.environment["S3_ENDPOINT"] = storage }
        for job in awsSetupJobs { service.dependsOn[job] = .completedSuccessfully }
    }

    public mutating func report(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        if diagnostic.componentPath == nil { diagnostic.componentPath = componentPath }
        diagnostics.append(diagnostic)
    }
}
