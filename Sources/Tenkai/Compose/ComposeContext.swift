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

    init(environment: Environment, projectRoot: String) {
        self.environment = environment
        self.projectRoot = projectRoot
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
        var port = start
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

    /// Sets `variables` on the service `name` with their local values and makes it wait for
    /// what stands behind them. A reference nothing published is an error naming the variable.
    public mutating func wire(_ variables: [EnvironmentVariable], into service: inout ComposeService) {
        for variable in variables {
            switch variable.source {
            case .text(let text):
                service.environment[variable.name] = text
            case .reference(let reference):
                guard let local = values[reference.description] else {
                    report(
                        .error(
                            "environment variable \(variable.name) uses \(reference) of '\(reference.component)', which has no local stand-in",
                            hint: "add '\(reference.component)' to a stack of this system, or give its component a LocallyRunnable conformance"))
                    continue
                }
                service.environment[variable.name] = local.value
                if let ready = local.readyWhen { service.dependsOn[ready.service] = ready.condition }
            }
        }
    }

    /// Makes `service` an AWS SDK client of the local stand-ins: dummy credentials, the region,
    /// every local endpoint, and a wait for every set-up job.
    public func connectToLocalAWS(_ service: inout ComposeService) {
        service.environment.merge(awsEndpoints) { _, endpoint in endpoint }
        service.environment["AWS_REGION"] = region
        service.environment["AWS_ACCESS_KEY_ID"] = LocalAWS.accessKeyID
        service.environment["AWS_SECRET_ACCESS_KEY"] = LocalAWS.secretAccessKey
        for job in awsSetupJobs { service.dependsOn[job] = .completedSuccessfully }
    }

    public mutating func report(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        if diagnostic.componentPath == nil { diagnostic.componentPath = componentPath }
        diagnostics.append(diagnostic)
    }
}
