import FoundationEssentials
import TenkaiCore

/// Turns a system plus an environment into a ``ResolvedSystem``.
///
/// Runs the system body, translates every component, links references across stacks, orders
/// the stacks, tags the resources and checks CloudFormation's limits. Problems are collected,
/// not thrown one by one: the error carries every diagnostic found.
public enum Resolver {
    /// CloudFormation's limit of resources per stack.
    public static let maximumResourcesPerStack = 500

    /// `projectRoot` is where relative paths of the system (function code folders) start: the
    /// folder holding the environments folder, never the working directory.
    public static func resolve(_ system: System, in config: EnvironmentConfig, projectRoot: URL? = nil) throws(TenkaiError) -> ResolvedSystem {
        var diagnostics: [Diagnostic] = []
        let (environment, stacks) = system.stacks(in: config)
        diagnostics += checkNames(system: system.name, stacks: stacks)

        var translated: [(name: String, region: String, template: Template)] = []
        var assets: [String: [CodeAsset]] = [:]
        var definedIn: [String: String] = [:]
        var kinds: [String: [String]] = [:]
        var composites: [String: String] = [:]  // tree path → stack
        var metrics: [String: [ComponentTree.Metric]] = [:]  // tree path → what its components expose
        for stack in stacks {
            let region = stack.region ?? config.region
            if !AWSRegions.known.contains(region) {
                diagnostics.append(
                    .error("stack is pinned to '\(region)', which is not an AWS region", componentPath: "\(system.name)/\(stack.name)",
                           hint: "did you mean one of: \(AWSRegions.similar(to: region).joined(separator: ", "))"))
            }
            var context = StackContext(
                systemName: system.name, stackName: stack.name, region: region, environment: environment,
                template: Template(description: "\(system.name) \(stack.name) (\(config.name)), managed by Tenkai"),
                projectRoot: projectRoot)
            for component in stack.components { context.translate(component) }
            kinds.merge(context.kinds) { first, _ in first }  // paths start with the stack's: no overlap
            composites.merge(context.composites) { first, _ in first }
            metrics.merge(context.metrics) { first, _ in first }
            diagnostics += context.diagnostics
            for (id, path) in context.owners.sorted(by: { $0.key < $1.key }) {
                if let other = definedIn[id] {
                    diagnostics.append(
                        .error(
                            "two components would get the logical ID '\(id)' (the other is \(other))",
                            componentPath: path, hint: "give one of them another name"))
                }
                definedIn[id] = path
            }
            translated.append((stack.name, region, context.template))
            assets[stack.name] = context.assets
        }
        diagnostics += environment.settingsDiagnostics

        var linker = StackLinker(systemName: system.name, environmentName: config.name, stacks: translated)
        linker.linkAll()
        diagnostics += linker.diagnostics

        var order: [String] = []
        switch linker.graph.deployOrder(systemName: system.name) {
        case .ordered(let stacks): order = stacks
        case .cycle(let cycle): diagnostics.append(cycle)
        }

        var resolved: [ResolvedStack] = []
        for name in order {
            let region = translated.first { $0.name == name }!.region
            var template = linker.templates[name]!
            let tags = tags(system: system.name, environment: config, stack: name)
            for id in template.resources.keys.sorted() {
                ResourceTags.apply(tags, to: &template.resources[id]!)
                let count = ResourceTags.count(of: template.resources[id]!)
                if count > ResourceTags.maximumPerResource {
                    diagnostics.append(
                        .error(
                            "resource \(id) would carry \(count) tags; AWS allows \(ResourceTags.maximumPerResource)",
                            componentPath: template.resources[id]!.metadata["tenkai:path"]?.stringValue ?? "\(system.name)/\(name)",
                            hint: "remove tags from `tags:` in \(config.file) or from the component"))
                }
            }
            if tags.count > ResourceTags.maximumPerResource {
                diagnostics.append(
                    .error(
                        "stack \(name) would carry \(tags.count) tags (\(tags.count - config.tags.count) of Tenkai's and \(config.tags.count) from the environment file); CloudFormation allows \(ResourceTags.maximumPerResource)",
                        componentPath: "\(system.name)/\(name)", hint: "remove tags from `tags:` in \(config.file)"))
            }
            diagnostics += RuleSet.standard.check(
                template, stackPath: "\(system.name)/\(name)", isProduction: config.tier == .production)
            if template.resources.count > maximumResourcesPerStack {
                diagnostics.append(
                    .error(
                        "stack has \(template.resources.count) resources; CloudFormation allows \(maximumResourcesPerStack)",
                        componentPath: "\(system.name)/\(name)", hint: "split the stack in two"))
            }
            if template.resources.isEmpty {
                diagnostics.append(
                    .error("stack has no resources", componentPath: "\(system.name)/\(name)",
                           hint: "add a component to it or remove it"))
            }
            resolved.append(
                ResolvedStack(
                    name: name, stackName: "\(system.name)-\(config.name)-\(name)", region: region, template: template,
                    dependencies: linker.graph.dependencies(of: name),
                    parameterSources: linker.parameterSources[name] ?? [:],
                    tags: Dictionary(tags, uniquingKeysWith: { first, _ in first }),
                    assets: Self.unique(assets[name] ?? [])))
        }
        diagnostics += DeploymentAlarmCheck.check(resolved, system: system.name)

        if diagnostics.hasErrors {
            throw TenkaiError(
                .diagnostics, "system '\(system.name)' has errors in environment '\(config.name)'",
                diagnostics: Self.unique(diagnostics).sorted(by: Self.order))
        }
        let components = ComponentGraph.tree(
            system: system.name, environment: config.name, stacks: resolved, kinds: kinds, composites: composites,
            metrics: metrics)
        return ResolvedSystem(
            systemName: system.name, environment: config, stacks: resolved, components: components, diagnostics: diagnostics)
    }

    /// The tags every resource gets: system, environment, stack, managed-by, then the file's own.
    static func tags(system: String, environment: EnvironmentConfig, stack: String) -> [(String, String)] {
        var tags = [
            ("tenkai:system", system), ("tenkai:environment", environment.name), ("tenkai:stack", stack),
            ("managed-by", "tenkai"),
        ]
        for key in environment.tags.keys.sorted() { tags.append((key, environment.tags[key]!)) }
        return tags
    }

    private static func checkNames(system: String, stacks: [Stack]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if !isName(system) {
            diagnostics.append(
                .error("system name '\(system)' must be lower-case letters, digits and '-'", componentPath: system))
        }
        var seen: Set<String> = []
        for stack in stacks {
            if !isName(stack.name) {
                diagnostics.append(
                    .error("stack name '\(stack.name)' must be lower-case letters, digits and '-'",
                           componentPath: "\(system)/\(stack.name)"))
            }
            if !seen.insert(stack.name).inserted {
                diagnostics.append(
                    .error("two stacks are named '\(stack.name)'", componentPath: "\(system)/\(stack.name)",
                           hint: "stack names must be unique within a system"))
            }
        }
        return diagnostics
    }

    private static func isName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase else { return false }
        return name.allSatisfy { $0 == "-" || ($0.isASCII && ($0.isLowercase || $0.isNumber)) }
    }

    /// One package per content hash, by key: two functions of one folder share it.
    private static func unique(_ assets: [CodeAsset]) -> [CodeAsset] {
        var byKey: [String: CodeAsset] = [:]
        for asset in assets where byKey[asset.key] == nil { byKey[asset.key] = asset }
        return byKey.keys.sorted().map { byKey[$0]! }
    }

    /// One of each: a component referring to a broken one five times says so once.
    private static func unique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        return diagnostics.filter { seen.insert($0).inserted }
    }

    private static func order(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        (lhs.componentPath ?? "", lhs.message) < (rhs.componentPath ?? "", rhs.message)
    }
}
