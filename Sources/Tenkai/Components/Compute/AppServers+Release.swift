import TenkaiCore

extension AppServers {
    /// The outputs `tenkai release` reads to release the app servers blue/green: both groups and
    /// target groups, the listener rule whose weights it moves, the launch template it adds a
    /// version to, and the parameter that keeps the released image (`WebAppServersRelease…`).
    func addReleaseOutputs(port: Int, in stack: inout StackContext) {
        let id = logicalID
        for color in ReleaseOutputs.Color.allCases {
            let side = color.rawValue
            stack.output(ReleaseOutputs.group(color, of: id), parts.group(side).ref, description: "Auto Scaling group of the \(side.lowercased()) app servers")
            stack.output(
                ReleaseOutputs.targetGroup(color, of: id), parts.targetGroup(side).ref, description: "Target group of the \(side.lowercased()) app servers")
        }
        stack.output(ReleaseOutputs.rule(of: id), parts.listenerRule.ref, description: "Listener rule a release shifts weights on")
        stack.output(ReleaseOutputs.listener(of: id), listener.value, description: "Listener of that rule")
        stack.output(ReleaseOutputs.launchTemplate(of: id), parts.launchTemplate.ref, description: "Launch template a release adds a version to")
        stack.output(ReleaseOutputs.port(of: id), .string(String(port)), description: "Port the target groups send to")
        if case .repository = container.image {
            stack.output(ReleaseOutputs.imageParameter(of: id), .string(imageParameter), description: "Template parameter holding the released image")
        }
    }
}
