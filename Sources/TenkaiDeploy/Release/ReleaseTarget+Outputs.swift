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

    /// The target of `service` (a component name such as `web`) from the outputs its ``Service``,
    /// ``LoadBalancer`` and ``Alarms`` components publish (`WebServiceRelease…`, `…ReleaseListener`,
    /// `…ReleaseAlarmNames`), keyed by the system's stack names.
    public static func fromOutputs(
        system: String, environment: String, service: String, outputs stacks: [String: StackOutputs]
    ) throws(ReleaseError) -> ReleaseTarget {
        // App servers on EC2 take the traffic where the system runs them (the ECS service stays at zero).
        if let servers = try appServersFromOutputs(system: system, environment: environment, service: service, outputs: stacks) {
            return servers
        }
        let serviceID = LogicalID.make(service, kind: "Service")
        guard let (stack, serviceOutputs) = stacks.first(where: { $0.value.outputs[serviceID + "ReleaseService"] != nil }) else {
            let known = stacks.values.flatMap(\.outputs.keys).filter { $0.hasSuffix("ServiceReleaseService") }
                .map { String($0.dropLast("ServiceReleaseService".count)).lowercased() }.sorted()
            throw ReleaseError(
                .preflight, "no deployed service '\(service)' in \(system)/\(environment) (no output \(serviceID)ReleaseService)",
                hint: known.isEmpty ? "deploy the environment first (tenkai deploy --env \(environment))" : "services: \(known.joined(separator: ", "))")
        }
        let outputs = serviceOutputs.outputs
        guard let balancer = outputs.first(where: { $0.key.hasSuffix("ReleaseFor") && $0.value == serviceID })?.key.dropLast("ReleaseFor".count)
        else {
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
        let serviceName = try required(serviceID + "ReleaseService")
        let migration = try outputs[serviceID + "ReleaseMigration"].map { text throws(ReleaseError) in
            guard let words = try? JSONDecoder().decode([String].self, from: Data(text.utf8)), !words.isEmpty else {
                throw ReleaseError(.preflight, "output \(serviceID)ReleaseMigration is not a JSON list of words: \(text)")
            }
            return words
        }
        guard let port = Int(try required(balancer + "ReleasePort")) else {
            throw ReleaseError(.preflight, "output \(balancer)ReleasePort is not a port number")
        }
        let alarms = stacks.values.flatMap { $0.outputs.filter { $0.key.hasSuffix("ReleaseAlarmNames") }.values }
            .flatMap { text in text.split(separator: ",").map { String($0) } }.sorted()
        var target = ReleaseTarget(
            system: system, environment: environment, service: service, region: serviceOutputs.region,
            cluster: try required(serviceID + "ReleaseCluster"),
            blue: Slot(color: "blue", serviceName: serviceName, targetGroupArn: try required(balancer + "ReleaseBlueTargetGroup")),
            green: Slot(color: "green", serviceName: serviceName + "-green", targetGroupArn: try required(balancer + "ReleaseGreenTargetGroup")),
            listenerArn: try required(balancer + "ReleaseListener"),
            containerName: try required(serviceID + "ReleaseContainer"), containerPort: port,
            alarmNames: alarms, migrationCommand: migration,
            stackNames: stacks.values.filter { $0.region == serviceOutputs.region }.map(\.stackName).sorted(),
            imageStack: serviceOutputs.stackName, imageParameter: outputs[serviceID + "ReleaseImageParameter"])
        target.ecsManaged = outputs[balancer + "ReleaseDrivenBy"] == "ecs"
        target.migrationContainer = outputs[serviceID + "ReleaseMigrationContainer"]
        return target
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
