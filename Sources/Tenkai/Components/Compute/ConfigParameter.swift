import TenkaiCore

/// A configuration value in SSM Parameter Store, read by tasks when they start.
///
/// Named `/<system>/<env>/<name>`. Operators may change the value without a stack deploy;
/// the next task start picks it up.
///
/// ```swift
/// let logLevel = ConfigParameter("log-level", value: env.isProduction ? "info" : "debug")
/// Container("app", image: .repository(images)) { Config("LOG_LEVEL", logLevel) }
/// ```
public struct ConfigParameter: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Parameter" }
    public var value: String

    public init(_ name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The parameter's name (`Ref`).
    public var parameterName: Reference { reference(.name) }

    /// The parameter's ARN, built from its name so using it makes a dependency on its stack.
    public var arn: Value {
        .join("", [.sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter"), parameterName.value])
    }

    var source: SecretSource { SecretSource(store: .parameterStore, arn: arn) }

    public func translate(into stack: inout StackContext) {
        stack.add(logicalID, Resource(type: "AWS::SSM::Parameter", properties: [
            "Name": .string("/\(stack.systemName)/\(stack.environment.name)/\(name)"),
            "Type": "String", "Value": .string(value),
            "Description": .string("\(name) of \(stack.systemName); managed by Tenkai"),
        ]))
    }
}
