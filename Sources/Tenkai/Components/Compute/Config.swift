/// Configuration read from SSM Parameter Store when the task starts (not a secret, but kept
/// out of the template so it can change without a deploy of the stack).
///
/// ```swift
/// Config("LOG_LEVEL", logLevel)   // a ConfigParameter
/// ```
public struct Config: ContainerSetting {
    public var name: String
    public var parameter: ConfigParameter

    public init(_ name: String, _ parameter: ConfigParameter) {
        self.name = name
        self.parameter = parameter
    }

    public func apply(to container: inout Container) {
        container.secrets.append(Secret(name, parameter.source))
    }
}
