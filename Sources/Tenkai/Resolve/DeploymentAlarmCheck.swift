import TenkaiCore

/// An ECS-driven deployment rolls back only on alarms that exist: an alarm it names but the
/// system never declares would never fire, and the release would run unwatched.
enum DeploymentAlarmCheck {
    /// One error per alarm an `AWS::ECS::Service`'s `DeploymentConfiguration` names that no
    /// `AWS::CloudWatch::Alarm` of the system is called.
    static func check(_ stacks: [ResolvedStack], system: String) -> [Diagnostic] {
        var declared: Set<String> = []
        for stack in stacks {
            for resource in stack.template.resources.values where resource.type == "AWS::CloudWatch::Alarm" {
                if let name = resource.properties["AlarmName"]?.stringValue { declared.insert(name) }
            }
        }
        var diagnostics: [Diagnostic] = []
        for stack in stacks {
            for id in stack.template.resources.keys.sorted() {
                let resource = stack.template.resources[id]!
                guard resource.type == "AWS::ECS::Service",
                    let names = resource.properties["DeploymentConfiguration"]?[path: "Alarms.AlarmNames"]?.listValue
                else { continue }
                for name in names.compactMap(\.stringValue) where !declared.contains(name) {
                    diagnostics.append(
                        .error(
                            "ECS rolls the deployment back on alarm '\(name)', which no component of the system declares",
                            componentPath: resource.metadata["tenkai:path"]?.stringValue ?? "\(system)/\(stack.name)",
                            hint: "declare the same Alarm values you pass to ecsManagedDeployment(alarms:), in Alarms(…) { … } or on their own"))
                }
            }
        }
        return diagnostics
    }
}
