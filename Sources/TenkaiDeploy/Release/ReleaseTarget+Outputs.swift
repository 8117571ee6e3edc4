import FoundationEssentials
import TenkaiCore

extension ReleaseTarget {
    /// One deployed stack's outputs, as `outputs.json` or `DescribeStacks` gives them.
    public struct StackOutputs: Sendable, Hashable {
        public var stackName: String
        public var region: String
        public var outputs: [String: String]

        public init(stackName: String, region: String, outputs: [String: String]) {
            self.stackName = stackName
            self.region = region
            self.outputs = outputs
        }
    }

    /// The target of `service` (a component name such as `web`) from the outputs its `Service`,
    /// `LoadBalancer` and `Alarms` components publish (``ReleaseOutputs``), keyed by the system's
    /// stack names.
    public static func fromOutputs(
        system: String, environment: String, service: String, outputs stacks: [String: StackOutputs]
    ) throws(ReleaseError) -> ReleaseTarget {
        // App servers on EC2 take the traffic where the system runs them (the ECS service stays at zero).
        if let servers = try appServersFromOutputs(system: system, environment: environment, service: service, outputs: stacks) {
            return servers
        }
        let serviceID = ReleaseOutputs.serviceID(named: service)
        let serviceOutput = ReleaseOutputs.service(of: serviceID)
        guard let (stack, serviceOutputs) = stacks.first(where: { $0.value.outputs[serviceOutput] != nil }) else {
            let known = Set(stacks.values.flatMap(\.outputs.keys).compactMap(ReleaseOutputs.serviceName(fromOutput:))).sorted()
            throw ReleaseError(
                .preflight, "no deployed service '\(service)' in \(system)/\(environment) (no output \(serviceOutput))",
                hint: known.isEmpty ? "deploy the environment first (tenkai deploy --env \(environment))" : "services: \(known.joined(separator: ", "))")
        }
        let outputs = serviceOutputs.outputs
        let balancers = outputs.compactMap { key, value in value == serviceID ? ReleaseOutputs.balancerID(fromOutput: key) : nil }
        guard let balancer = balancers.min() else {
            throw ReleaseError(
                .preflight, "service '\(service)' has no load balancer in stack \(stack)",
                hint: "a release shifts traffic between a LoadBalancer's blue and green target groups; declare one fronting the service")
        }
        func required(_ key: String) throws(ReleaseError) -> String {
            guard let value = outputs[key] else {
                throw ReleaseError(.preflight, "stack \(serviceOutputs.stackName) has no output \(key)", hint: "deploy the environment again with this tenkai")
            }
            return value
        }
        let serviceName = try required(serviceOutput)
        let migrationOutput = ReleaseOutputs.migration(of: serviceID)
        let migration = try outputs[migrationOutput].map { text throws(ReleaseError) in
            guard let words = try? JSONDecoder().decode([String].self, from: Data(text.utf8)), !words.isEmpty else {
                throw ReleaseError(.preflight, "output \(migrationOutput) is not a JSON list of words: \(text)")
            }
            return words
        }
        guard let port = Int(try required(ReleaseOutputs.port(of: balancer))) else {
            throw ReleaseError(.preflight, "output \(ReleaseOutputs.port(of: balancer)) is not a port number")
        }
        var target = ReleaseTarget(
            system: system, environment: environment, service: service, region: serviceOutputs.region,
            cluster: try required(ReleaseOutputs.cluster(of: serviceID)),
            blue: Slot(color: "blue", serviceName: serviceName, targetGroupArn: try required(ReleaseOutputs.targetGroup(.blue, of: balancer))),
            green: Slot(
                color: "green", serviceName: serviceName + "-green", targetGroupArn: try required(ReleaseOutputs.targetGroup(.green, of: balancer))),
            listenerArn: try required(ReleaseOutputs.listener(of: balancer)),
            containerName: try required(ReleaseOutputs.container(of: serviceID)), containerPort: port,
            alarmNames: watchedAlarms(in: stacks), migrationCommand: migration,
            stackNames: stacks.values.filter { $0.region == serviceOutputs.region }.map(\.stackName).sorted(),
            imageStack: serviceOutputs.stackName, imageParameter: outputs[ReleaseOutputs.imageParameter(of: serviceID)])
        target.ecsManaged = outputs[ReleaseOutputs.drivenBy(of: balancer)] == "ecs"
        target.migrationContainer = outputs[ReleaseOutputs.migrationContainer(of: serviceID)]
        let parametersOutput = ReleaseOutputs.imageParameters(of: serviceID)
        target.containerImageParameters = try outputs[parametersOutput].map { text throws(ReleaseError) in
            guard let parameters = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
                throw ReleaseError(.preflight, "output \(parametersOutput) is not a JSON object of container names and parameters: \(text)")
            }
            return parameters
        }
        return target
    }

    /// Every alarm name the system's ``ReleaseOutputs/alarmNames(of:)`` outputs list, sorted.
    static func watchedAlarms(in stacks: [String: StackOutputs]) -> [String] {
        stacks.values.flatMap { $0.outputs.filter { ReleaseOutputs.isAlarmNames($0.key) }.values }
            .flatMap { text in text.split(separator: ",").map { String($0) } }.sorted()
    }

    /// The stacks of `outputs.json` (``OutputsFile``), for ``fromOutputs(system:environment:service:outputs:)``.
    public static func stackOutputs(fromFile url: URL) throws(ReleaseError) -> [String: StackOutputs] {
        struct Document: Decodable { var stacks: [String: Entry] }
        struct Entry: Decodable { var stackName: String; var region: String; var outputs: [String: String] }
        guard let data = try? Data(contentsOf: url) else {
            throw ReleaseError(.preflight, "cannot read \(url.path)", hint: "deploy the environment first: tenkai deploy writes it")
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: data) else {
            throw ReleaseError(.preflight, "\(url.path) is not an outputs.json tenkai deploy wrote", hint: "deploy again to rewrite it")
        }
        return document.stacks.mapValues { StackOutputs(stackName: $0.stackName, region: $0.region, outputs: $0.outputs) }
    }
}
