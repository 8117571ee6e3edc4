extension Suppressed: LocallyRunnable where Base: LocallyRunnable {
    /// Rule suppressions concern CloudFormation only: the base component runs as it is.
    public func provideLocally(into compose: inout ComposeContext) { base.provideLocally(into: &compose) }
    public func runLocally(in compose: inout ComposeContext) { base.runLocally(in: &compose) }
}
