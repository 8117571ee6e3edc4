import TenkaiCore

/// Turns a system into a compose file a developer runs with `docker compose up`.
///
/// The system body runs once more for an environment named `local`, made from the development
/// environment's file (its sizes and settings), so physical names read `<system>-local-…`.
/// Components with a local stand-in (``LocallyRunnable``) then add their containers; the rest
/// (alarms, budgets, DNS, load balancers) have no local meaning and are left out.
///
/// ```swift
/// let compose = try ComposeTranslator.translate(stampRally, basedOn: dev, projectRoot: "../../..")
/// let bytes = try ComposeRenderer.render(compose)
/// ```
public enum ComposeTranslator {
    /// The name of the environment compose files are built for.
    public static let environmentName = "local"

    /// Host ports a system's compose file moves by, per position in `systems` (100 each), so
    /// the files of all systems run side by side: fileshare's PostgreSQL on 5432, the next
    /// system's on 5532, and so on.
    public static func hostPortOffset(of system: System, among systems: [System]) -> Int {
        (systems.firstIndex { $0.name == system.name } ?? 0) * 100
    }

    public static func translate(
        _ system: System, basedOn config: EnvironmentConfig, projectRoot: String, hostPortOffset: Int = 0
    ) throws(TenkaiError) -> ComposeFile {
        var local = config
        local.name = environmentName
        let (environment, stacks) = system.stacks(in: local)
        var context = ComposeContext(
            environment: environment, projectRoot: projectRoot, hostPortOffset: hostPortOffset, localRun: system.localRun)
        // A composite's children run locally as direct members of the stack would.
        func leaves(_ components: [any Component]) -> [any Component] {
            components.flatMap { component in (component as? any Composite).map { leaves($0.children) } ?? [component] }
        }
        let components = stacks.flatMap { stack in
            leaves(stack.components).map { (path: "\(system.name)/\(stack.name)/\($0.name)", component: $0) }
        }
        for (path, component) in components {
            guard let runnable = component as? any LocallyRunnable else { continue }
            context.componentPath = path
            runnable.provideLocally(into: &context)
        }
        for (path, component) in components {
            guard let runnable = component as? any LocallyRunnable else { continue }
            context.componentPath = path
            runnable.runLocally(in: &context)
        }
        context.componentPath = system.name
        checkDependencies(&context)
        let diagnostics = environment.settingsDiagnostics + context.diagnostics
        if diagnostics.hasErrors {
            throw TenkaiError(
                .diagnostics, "system '\(system.name)' cannot be rendered as a compose file", diagnostics: diagnostics)
        }
        if context.file.services.isEmpty {
            throw TenkaiError(
                .invalidInput, "system '\(system.name)' has no component that runs locally",
                hint: "a compose file needs at least one bucket, table, database, function or service")
        }
        return context.file
    }

    /// Every `depends_on` and `network_mode: service:` names a service of the file, health is
    /// awaited only where there is a healthcheck, completion only of one-shot jobs, and no
    /// services wait for each other in a cycle (compose would refuse to start them).
    static func checkDependencies(_ context: inout ComposeContext) {
        let services = context.file.services
        for name in services.keys.sorted() {
            if let mode = services[name]!.networkMode, mode.hasPrefix("service:"), services[String(mode.dropFirst(8))] == nil {
                context.report(.error("compose service '\(name)' shares the network of '\(mode.dropFirst(8))', which does not exist"))
            }
            for (target, condition) in services[name]!.dependsOn.sorted(by: { $0.key < $1.key }) {
                guard let dependency = services[target] else {
                    context.report(.error("compose service '\(name)' depends on '\(target)', which does not exist"))
                    continue
                }
                if condition == .healthy && dependency.healthcheck == nil {
                    context.report(.error("compose service '\(name)' waits for '\(target)' to be healthy, but it has no healthcheck"))
                }
                if condition == .completedSuccessfully && !dependency.isOneShot {
                    context.report(.error("compose service '\(name)' waits for '\(target)' to complete, but it keeps running"))
                }
            }
        }
        if let cycle = firstCycle(in: services) {
            context.report(.error("compose services wait for each other in a cycle: \(cycle.joined(separator: " → "))"))
        }
    }

    /// One cycle of `depends_on` edges, as the services along it (first repeated at the end).
    private static func firstCycle(in services: [String: ComposeService]) -> [String]? {
        var finished: Set<String> = []
        func visit(_ name: String, _ path: [String]) -> [String]? {
            if let start = path.firstIndex(of: name) { return Array(path[start...]) + [name] }
            guard !finished.contains(name), let service = services[name] else { return nil }
            for target in service.dependsOn.keys.sorted() {
                if let cycle = visit(target, path + [name]) { return cycle }
            }
            finished.insert(name)
            return nil
        }
        for name in services.keys.sorted() {
            if let cycle = visit(name, []) { return cycle }
        }
        return nil
    }
}
