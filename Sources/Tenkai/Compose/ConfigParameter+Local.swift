extension ConfigParameter: LocallyRunnable {
    /// The value itself: locally there is no Parameter Store between it and the container.
    public func provideLocally(into compose: inout ComposeContext) {
        compose.publish(source, as: value)
        compose.publish(parameterName, as: "/\(compose.environment.systemName)/\(ComposeTranslator.environmentName)/\(name)")
    }
}
