import FoundationEssentials
import TenkaiCore

extension ReleaseTarget {
    /// The target of app servers named `service` (``AppServers``) from the outputs they publish
    /// (``ReleaseOutputs``), or `nil` when the system runs no app servers of that name.
    public static func appServersFromOutputs(
        system: String, environment: String, service: String, outputs stacks: [String: StackOutputs]
    ) throws(ReleaseError) -> ReleaseTarget? {
        let id = ReleaseOutputs.appServersID(named: service)
        guard let (_, stack) = stacks.first(where: { $0.value.outputs[ReleaseOutputs.launchTemplate(of: id)] != nil }) else { return nil }
        let outputs = stack.outputs
        func required(_ key: String) throws(ReleaseError) -> String {
            guard let value = outputs[key] else {
                throw ReleaseError(.preflight, "stack \(stack.stackName) has no output \(key)", hint: "deploy the environment again with this tenkai")
            }
            return value
        }
        guard let port = Int(try required(ReleaseOutputs.port(of: id))) else {
            throw ReleaseError(.preflight, "output \(ReleaseOutputs.port(of: id)) is not a port number")
        }
        func slot(_ color: ReleaseOutputs.Color) throws(ReleaseError) -> Slot {
            Slot(
                color: color.rawValue.lowercased(), serviceName: try required(ReleaseOutputs.group(color, of: id)),
                targetGroupArn: try required(ReleaseOutputs.targetGroup(color, of: id)))
        }
        let imageParameter = outputs[ReleaseOutputs.imageParameter(of: id)]
        return ReleaseTarget(
            system: system, environment: environment, service: service, region: stack.region, cluster: "",
            blue: try slot(.blue), green: try slot(.green),
            listenerArn: try required(ReleaseOutputs.listener(of: id)), containerName: service, containerPort: port,
            alarmNames: watchedAlarms(in: stacks), migrationCommand: nil,
            stackNames: stacks.values.filter { $0.region == stack.region }.map(\.stackName).sorted(),
            imageStack: imageParameter == nil ? nil : stack.stackName, imageParameter: imageParameter,
            ruleArn: try required(ReleaseOutputs.rule(of: id)), launchTemplateID: try required(ReleaseOutputs.launchTemplate(of: id)))
    }
}
