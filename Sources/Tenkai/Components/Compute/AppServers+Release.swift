import TenkaiCore

extension AppServers {
    /// The outputs `tenkai release` reads to release the app servers blue/green: both groups and
    /// target groups, the listener rule whose weights it moves, the launch template it adds a
    /// version to, and the parameter that keeps the released image (`WebAppServersRelease…`).
    func addReleaseOutputs(port: Int, in stack: inout StackContext) {
        let id = logicalID
        for color in ["Blue", "Green"] {
            stack.output(id + "Release\(color)Group", parts.group(color).ref, description: "Auto Scaling group of the \(color.lowercased()) app servers")
            stack.output(id + "Release\(color)TargetGroup", parts.targetGroup(color).ref, description: "Target group of the \(color.lowercased()) app servers")
        }
        stack.output(id + "ReleaseRule", parts.listenerRule.ref, description: "Listener rule a release shifts weights on")
        stack.output(id + "ReleaseListener", listener.value, description: "Listener of that rule")
        stack.output(id + "ReleaseLaunchTemplate", parts.launchTemplate.ref, description: "Launch template a release adds a version to")
        stack.output(id + "ReleasePort", .string(String(port)), description: "Port the target groups send to")
        if case .repository = container.image {
            stack.output(id + "ReleaseImageParameter", .string(imageParameter), description: "Template parameter holding the released image")
        }
    }
}
