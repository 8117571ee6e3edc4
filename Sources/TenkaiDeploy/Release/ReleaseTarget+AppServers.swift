import FoundationEssentials
import TenkaiCore

extension ReleaseTarget {
    /// The target of app servers named `service` (``AppServers``) from the outputs they publish
    /// (`WebAppServersRelease…`), or `nil` when the system runs no app servers of that name.
    public static func appServersFromOutputs(
        system: String, environment: String, service: String, outputs stacks: [String: StackOutputs]
    ) throws(ReleaseError) -> ReleaseTarget? {
        let id = LogicalID.make(service, kind: "AppServers")
        guard let (_, stack) = stacks.first(where: { $0.value.outputs[id + "ReleaseLaunchTemplate"] != nil }) else { return nil }
        let outputs = stack.outputs
        func required(_ key: String) throws(ReleaseError) -> String {
            guard let value = outputs[id + key] else {
                throw ReleaseError(.preflight, "stack \(stack.stackName) has no output \(id + key)", hint: "deploy the environment again with this tenkai")
            }
            return value
        }
        guard let port = Int(try required("ReleasePort")) else {
            throw ReleaseError(.preflight, "output \(id)ReleasePort is not a port number")
        }
        let alarms = stacks.values.flatMap { $0.outputs.filter { $0.key.hasSuffix("ReleaseAlarmNames") }.values }
            .flatMap { text in text.split(separator: ",").map { String($0) } }.sorted()
        return ReleaseTarget(
            system: system, environment: environment, service: service, region: stack.region, cluster: "",
            blue: Slot(color: "blue", serviceName: try required("ReleaseBlueGroup"), targetGroupArn: try required("ReleaseBlueTargetGroup")),
            green: Slot(color: "green", serviceName: try required("ReleaseGreenGroup"), targetGroupArn: try required("ReleaseGreenTargetGroup")),
            listenerArn: try required("ReleaseListener"), containerName: service, containerPort: port, alarmNames: alarms, migrationCommand: nil,
            stackNames: stacks.values.filter { $0.region == stack.region }.map(\.stackName).sorted(),
            imageStack: outputs[id + "ReleaseImageParameter"] == nil ? nil : stack.stackName, imageParameter: outputs[id + "ReleaseImageParameter"],
            ruleArn: try required("ReleaseRule"), launchTemplateID: try required("ReleaseLaunchTemplate"))
    }
}
