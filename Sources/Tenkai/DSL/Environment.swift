import TenkaiCore

/// What a system body sees of the environment it is being built for: the facts every system
/// shares (tier, account, region, zones, domain, alarm targets). A system's own values come
/// from `systems.<name>` of the file as its typed settings (``System/init(_:summary:settings:stacks:)``),
/// and components get them only as parameters.
///
/// ```swift
/// System("fileshare", settings: FileShareSettings.self) { env, settings in
///     let db = Database("main", engine: .postgres("16.9"), in: net).instanceClass(settings.database)
///     Stack("data") { db }
/// }
/// ```
public struct Environment: Sendable {
    public let config: EnvironmentConfig
    /// The system being built.
    public let systemName: String
    /// The problems decoding `systems.<systemName>` found (then the body did not run).
    let settingsDiagnostics: [Diagnostic]

    init(config: EnvironmentConfig, systemName: String, settingsDiagnostics: [Diagnostic] = []) {
        self.config = config
        self.systemName = systemName
        self.settingsDiagnostics = settingsDiagnostics
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

    /// `<system>-<env>-<name>`: the physical name convention of every named resource.
    public func resourceName(_ name: String) -> String { "\(systemName)-\(config.name)-\(name)" }
}
