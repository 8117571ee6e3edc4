import Synchronization
import TenkaiCore

/// What a system body sees of the environment it is being built for.
///
/// Facts come from `Environments/<name>.yaml`. Looking up a size, count or setting that the file
/// does not have (and that has no default) is reported as an error at the file's
/// `systems.<system>` section, and a placeholder is returned so the rest of the body still runs
/// and every missing value is reported at once.
///
/// ```swift
/// System("fileshare") { env in
///     let db = Database("main", instanceClass: env.size("database"))
///     Stack("data") { db }
/// }
/// ```
public struct Environment: Sendable {
    public let config: EnvironmentConfig
    /// The system being built (lookups read `systems.<systemName>` of the file).
    public let systemName: String
    let recorder: LookupRecorder

    init(config: EnvironmentConfig, systemName: String) {
        self.config = config
        self.systemName = systemName
        self.recorder = LookupRecorder()
    }

    public var name: String { config.name }
    public var tier: EnvironmentConfig.Tier { config.tier }
    public var isProduction: Bool { config.tier == .production }
    public var account: String { config.account }
    public var region: String { config.region }
    public var multiAZ: Bool { config.multiAZ }
    public var availabilityZones: Int { config.availabilityZones }
    public var domain: String { config.domain }
    public var alarms: EnvironmentConfig.AlarmTarget { config.alarms }
    public var release: EnvironmentConfig.ReleaseStrategy { config.release }

    private var settings: EnvironmentConfig.SystemSettings? { config.systems[systemName] }

    /// A size from `systems.<system>.sizes` (an instance class, `cpu/memory`, a storage size).
    public func size(_ key: String, default fallback: String? = nil) -> String {
        recorder.read("sizes.\(key)")
        if let value = settings?.sizes[key] ?? fallback { return value }
        recorder.missing("sizes.\(key)", example: "\(key): <size>", config: config, system: systemName)
        return "missing-size-\(key)"
    }

    /// A count from `systems.<system>.counts` (tasks, replicas, instances).
    public func count(_ key: String, default fallback: Int? = nil) -> Int {
        recorder.read("counts.\(key)")
        if let value = settings?.counts[key] ?? fallback { return value }
        recorder.missing("counts.\(key)", example: "\(key): 1", config: config, system: systemName)
        return 1
    }

    /// A free-form setting from `systems.<system>.settings`, as text.
    public func setting(_ key: String, default fallback: String? = nil) -> String {
        recorder.read("settings.\(key)")
        if let value = settings?.settings[key] ?? fallback { return value }
        recorder.missing("settings.\(key)", example: "\(key): <value>", config: config, system: systemName)
        return ""
    }

    /// A yes/no setting from `systems.<system>.settings` (`true` or `false`).
    public func flag(_ key: String, default fallback: Bool) -> Bool {
        recorder.read("settings.\(key)")
        guard let text = settings?.settings[key] else { return fallback }
        if text == "true" { return true }
        if text == "false" { return false }
        recorder.record(
            .error(
                "'systems.\(systemName).settings.\(key)' must be true or false, not '\(text)'",
                location: settings?.location))
        return fallback
    }

    /// `<system>-<env>-<name>`: the physical name convention of every named resource.
    public func resourceName(_ name: String) -> String { "\(systemName)-\(config.name)-\(name)" }

    /// The problems lookups found, for the resolver; call it after every component translated,
    /// since components look values up too. A value in the file that nothing read is an error
    /// at its line: a misspelt `cloudTrial:` must not silently drop the trail.
    var lookupDiagnostics: [Diagnostic] {
        var diagnostics = recorder.diagnostics
        let read = recorder.keysRead
        let locations = settings?.keyLocations ?? [:]
        for key in locations.keys.sorted() where !read.contains(key) {
            let section = key.split(separator: ".")[0]
            let known = read.filter { $0.hasPrefix("\(section).") }.map { String($0.dropFirst(section.count + 1)) }.sorted()
            diagnostics.append(
                .error(
                    "'systems.\(systemName).\(key)' is not used by system \(systemName) in environment \(config.name)",
                    location: locations[key],
                    hint: known.isEmpty ? "remove it" : "check its spelling (\(section) it reads: \(known.joined(separator: ", "))), or remove it"))
        }
        return diagnostics
    }
}

/// Collects failed lookups from a system body (which cannot throw) for the resolver.
final class LookupRecorder: Sendable {
    private let found = Mutex<[Diagnostic]>([])
    private let read = Mutex<Set<String>>([])

    func read(_ key: String) { _ = read.withLock { $0.insert(key) } }

    var keysRead: Set<String> { read.withLock { $0 } }

    func record(_ diagnostic: Diagnostic) {
        found.withLock { diagnostics in
            if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
        }
    }

    func missing(_ key: String, example: String, config: EnvironmentConfig, system: String) {
        let section = key.split(separator: ".").first.map(String.init) ?? key
        record(
            .error(
                "missing 'systems.\(system).\(key)' in \(config.file)",
                location: config.systems[system]?.location ?? SourceLocation(file: config.file, line: 1, column: 1),
                hint: "add it under systems: \(system): \(section): as '\(example)'"))
    }

    var diagnostics: [Diagnostic] { found.withLock { $0 } }
}
