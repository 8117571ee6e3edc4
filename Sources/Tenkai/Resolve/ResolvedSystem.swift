import TenkaiCore

/// A system resolved for one environment: plain, checked data, ready to render or deploy.
public struct ResolvedSystem: Sendable, Hashable {
    public var systemName: String
    public var environment: EnvironmentConfig
    /// The stacks in deploy order: every stack comes after the stacks it depends on.
    public var stacks: [ResolvedStack]
    /// Every component, what it made, what it uses and what watches it.
    public var components: ComponentTree
    /// Warnings and notes (a system with errors never resolves).
    public var diagnostics: [Diagnostic]

    public func stack(named name: String) -> ResolvedStack? { stacks.first { $0.name == name } }
}

/// One stack of a resolved system.
public struct ResolvedStack: Sendable, Hashable {
    /// The stack's name in the system (`data`).
    public var name: String
    /// The CloudFormation stack name (`fileshare-dev-data`).
    public var stackName: String
    public var region: String
    public var template: Template
    /// Names of the stacks this one uses values from; they deploy first.
    public var dependencies: [String]
    /// Parameters deploy fills from another stack's outputs (values crossing regions).
    public var parameterSources: [String: OutputSource]
    /// Tags the deploy sets on the stack itself (CloudFormation copies them to what it can).
    public var tags: [String: String]
    /// Function code its template names (by content hash), which synth writes into the assembly.
    public var assets: [CodeAsset] = []
}
