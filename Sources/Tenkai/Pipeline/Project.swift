import FoundationEssentials
import TenkaiCore

/// The one road from Swift declarations to cloud assemblies: systems × environments, resolved,
/// rendered and written. The `tenkai` commands, the benchmarks and the tests all go through it.
///
/// ```swift
/// let project = try Project.load(systems: [shop], environmentsFolder: URL(fileURLWithPath: "Environments"))
///     .selecting(systems: ["shop"], environments: ["dev"])
/// let syntheses = try project.synthesize(format: .json)
/// try Project.write(syntheses, to: URL(fileURLWithPath: "cloud.out"))
/// ```
public struct Project: Sendable {
    public var systems: [System]
    /// In tier order (development, staging, production).
    public var environments: [EnvironmentConfig]
    /// Where the systems' relative paths (function code folders, compose build contexts) start: the folder that holds
    /// the environments folder (and the package), whatever the working directory is.
    public var root: URL?

    public init(systems: [System], environments: [EnvironmentConfig], root: URL? = nil) {
        self.systems = systems
        self.environments = environments
        self.root = root
    }

    /// The given systems with every environment file of `environmentsFolder`, read strictly.
    /// A `systems.<name>` section for a system the project does not have is an error at its line,
    /// and so is every value a system's settings type does not accept (unknown, wrongly typed, missing).
    public static func load(systems: [System], environmentsFolder: URL) throws(TenkaiError) -> Project {
        let environments = try EnvironmentLoader.loadAll(from: environmentsFolder)
        let names = Set(systems.map(\.name))
        let strays: [Diagnostic] = environments.flatMap { environment in
            environment.systems.keys.sorted().filter { !names.contains($0) }.map { name in
                .error(
                    "'systems.\(name)' names no system of this project", location: environment.systems[name]?.location,
                    hint: "known systems: \(systems.map(\.name).joined(separator: ", "))")
            }
        }
        let settings = environments.flatMap { environment in systems.flatMap { $0.settingsProblems(in: environment) } }
        let problems = strays + settings
        guard problems.isEmpty else { throw TenkaiError(.diagnostics, "the environment files have errors", diagnostics: problems) }
        let absolute = environmentsFolder.path.hasPrefix("/")
            ? environmentsFolder : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(environmentsFolder.path)
        return Project(systems: systems, environments: environments, root: absolute.standardizedFileURL.deletingLastPathComponent())
    }

    /// Only the named systems and environments (all of them for an empty list). An unknown name
    /// is a usage error listing the known ones.
    public func selecting(systems systemNames: [String], environments environmentNames: [String]) throws(TenkaiError) -> Project {
        Project(
            systems: try Self.select(systemNames, from: systems, name: \.name, what: "system"),
            environments: try Self.select(environmentNames, from: environments, name: \.name, what: "environment"),
            root: root)
    }

    private static func select<Item>(
        _ names: [String], from items: [Item], name: (Item) -> String, what: String
    ) throws(TenkaiError) -> [Item] {
        guard !names.isEmpty else { return items }
        var selected: [Item] = []
        for wanted in names {
            guard let item = items.first(where: { name($0) == wanted }) else {
                throw TenkaiError(
                    .usage, "there is no \(what) named '\(wanted)'", hint: "known: \(items.map(name).joined(separator: ", "))")
            }
            selected.append(item)
        }
        return selected
    }

    // MARK: - The pipeline

    /// Every selected system in every selected environment, resolved, each pair on its own core
    /// (they share nothing). The errors of all of them are collected into one failure.
    public func resolveAll() throws(TenkaiError) -> [ResolvedSystem] {
        let pairs = systems.flatMap { system in environments.map { (system: system, environment: $0) } }
        let outcomes = pairs.concurrentMap { [root] pair in
            Result { () throws(TenkaiError) in try Resolver.resolve(pair.system, in: pair.environment, projectRoot: root) }
        }
        var resolved: [ResolvedSystem] = []
        var problems: [Diagnostic] = []
        for (pair, outcome) in zip(pairs, outcomes) {
            switch outcome {
            case .success(let system): resolved.append(system)
            case .failure(let error):
                problems += error.diagnostics.isEmpty ? [.error(error.message, componentPath: pair.system.name, hint: error.hint)] : error.diagnostics
            }
        }
        guard problems.isEmpty else {
            throw TenkaiError(
                .diagnostics, "found \(problems.filter { $0.severity == .error }.count) error(s); nothing was written",
                diagnostics: problems)
        }
        return resolved
    }

    /// Resolves and renders everything selected, each system and environment on its own core;
    /// nothing is written.
    public func synthesize(format: TemplateFormat) throws(TenkaiError) -> [Synthesis] {
        let outcomes = try resolveAll().concurrentMap { system in
            Result { () throws(TenkaiError) in try Synthesis(system, format: format) }
        }
        var syntheses: [Synthesis] = []
        var problems: [Diagnostic] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let synthesis): syntheses.append(synthesis)
            case .failure(let error): problems += error.diagnostics
            }
        }
        guard problems.isEmpty else {
            throw TenkaiError(.limitExceeded, "templates exceed CloudFormation's limits; nothing was written", diagnostics: problems)
        }
        // Quotas are per account and region, across the systems selected together.
        let quotaProblems = ElasticIPQuota.check(syntheses.map(\.system))
        guard quotaProblems.isEmpty else {
            throw TenkaiError(.limitExceeded, "the systems would exceed an account quota; nothing was written", diagnostics: quotaProblems)
        }
        return syntheses
    }

    /// Writes each synthesis as a cloud assembly, `<root>/<system>/<env>/`, each folder replaced
    /// at once; a deploy's `outputs.json` in it survives.
    public static func write(_ syntheses: [Synthesis], to root: URL) throws(TenkaiError) {
        for synthesis in syntheses {
            let folder = CloudAssembly.folder(root: root, system: synthesis.system.systemName, environment: synthesis.system.environment.name)
            try AtomicDirectoryWriter.replace(folder, with: synthesis.files, preserving: [CloudAssembly.outputsFileName])
        }
    }
}
