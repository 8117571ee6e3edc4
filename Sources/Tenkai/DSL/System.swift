import TenkaiCore

/// A whole system — its stacks and their components — described once for every environment.
///
/// The body runs once per environment. Tunable numbers come from the environment file;
/// structural differences are Swift:
///
/// ```swift
/// let fileshare = System("fileshare") { env in
///     let files = Bucket("files")
///     Stack("data") { files }
///     if env.isProduction { Stack("security") { SecurityBaseline() } }
/// }
/// ```
public struct System: Sendable {
    public let name: String
    public let summary: String
    private let body: @Sendable (Environment) -> [Stack]

    public init(_ name: String, summary: String = "", @StackBuilder stacks body: @escaping @Sendable (Environment) -> [Stack]) {
        self.name = name
        self.summary = summary
        self.body = body
    }

    /// The stacks of this system in `environment`, with the problems its lookups found.
    func stacks(in environment: EnvironmentConfig) -> (environment: Environment, stacks: [Stack]) {
        let view = Environment(config: environment, systemName: name)
        return (view, body(view))
    }
}
