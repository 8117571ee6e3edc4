import TenkaiCore

/// A whole system — its stacks and their components — described once for every environment.
///
/// The body runs once per environment. The system's own values (sizes, counts, retention,
/// names) are a `Decodable` settings type, read strictly from `systems.<name>` of each
/// environment file; structural differences are Swift:
///
/// ```swift
/// struct ShopSettings: Decodable { var uploadDays: Int }
///
/// let shop = System("shop", settings: ShopSettings.self) { env, settings in
///     let uploads = Bucket("uploads").expireObjects(after: settings.uploadDays)
///     Stack("data") { uploads }
///     if env.isProduction { Stack("audit") { Bucket("audit-logs").retained() } }
/// }
/// ```
public struct System: Sendable {
    public let name: String
    public let summary: String
    /// What its compose file needs beyond its components (``LocalRun``); nothing by default.
    public internal(set) var localRun = LocalRun()
    private let body: @Sendable (EnvironmentConfig, String) -> (diagnostics: [Diagnostic], stacks: [Stack])
    private let check: @Sendable (EnvironmentConfig, String) -> [Diagnostic]

    /// A system whose environment files set `systems.<name>` as `Settings`: an unknown key, a
    /// value of the wrong type or a missing one is an error at its line and column, and the
    /// body does not run for that environment.
    public init<Settings: Decodable & Sendable>(
        _ name: String, summary: String = "", settings: Settings.Type,
        @StackBuilder stacks body: @escaping @Sendable (Environment, Settings) -> [Stack]
    ) {
        self.name = name
        self.summary = summary
        self.body = { config, name in
            do throws(TenkaiError) {
                let settings = try Self.decode(Settings.self, system: name, in: config)
                return ([], body(Environment(config: config, systemName: name), settings))
            } catch {
                return (error.diagnostics, [])
            }
        }
        self.check = { config, name in
            do throws(TenkaiError) {
                _ = try Self.decode(Settings.self, system: name, in: config)
                return []
            } catch {
                return error.diagnostics
            }
        }
    }

    /// A system with no settings of its own: its `systems.<name>` section, if any, may hold only `usage`.
    public init(_ name: String, summary: String = "", @StackBuilder stacks body: @escaping @Sendable (Environment) -> [Stack]) {
        self.init(name, summary: summary, settings: NoSettings.self) { env, _ in body(env) }
    }

    /// The stacks of this system in `environment`; the environment carries the problems its
    /// settings had (and then there are no stacks).
    func stacks(in environment: EnvironmentConfig) -> (environment: Environment, stacks: [Stack]) {
        let (diagnostics, stacks) = body(environment, name)
        return (Environment(config: environment, systemName: name, settingsDiagnostics: diagnostics), stacks)
    }

    /// The problems `systems.<name>` of `environment` has for this system's settings type.
    public func settingsProblems(in environment: EnvironmentConfig) -> [Diagnostic] { check(environment, name) }

    private static func decode<Settings: Decodable & Sendable>(
        _ type: Settings.Type, system: String, in config: EnvironmentConfig
    ) throws(TenkaiError) -> Settings {
        let node = config.systems[system]?.values ?? .mapping([], at: SourceLocation(file: config.file, line: 1, column: 1))
        return try YAMLStrictDecoder.decode(type, from: node, path: "systems.\(system)")
    }
}

/// The settings of a system that has none: any key is unknown.
struct NoSettings: Decodable {
    private enum Keys: CodingKey {}

    init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: Keys.self) }
}
