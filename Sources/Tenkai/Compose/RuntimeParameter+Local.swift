extension RuntimeParameter: LocallyRunnable {
    /// The same parameter in a local Parameter Store (moto). A secret gets a visible local-only
    /// value, since its real value never leaves Parameter Store.
    public func provideLocally(into compose: inout ComposeContext) {
        let localName = "/\(compose.environment.systemName)/\(ComposeTranslator.environmentName)/\(name)"
        switch storage {
        case .plain(let value): LocalAWS.addParameter(localName, type: "String", value: value, to: &compose)
        case .secureString: LocalAWS.addParameter(localName, type: "SecureString", value: "local-only-\(name)", to: &compose)
        }
    }
}
