import TenkaiCore

/// Where a secret value lives: a Secrets Manager secret (optionally one JSON key of it) or an
/// SSM parameter. Components hand these out (`db.masterPassword`, `jwtKey.value`).
public struct SecretSource: Sendable, Hashable {
    public enum Store: Sendable, Hashable { case secretsManager, parameterStore }

    public var store: Store
    /// The ARN of the secret or parameter (what IAM statements name).
    public var arn: Value
    /// A key of a JSON secret (`password` of an RDS-managed secret).
    public var jsonKey: String?
    /// The customer-managed KMS key the value is encrypted with, which readers must be able to use.
    public var keyArn: Value?

    public init(store: Store, arn: Value, jsonKey: String? = nil, keyArn: Value? = nil) {
        self.store = store
        self.arn = arn
        self.jsonKey = jsonKey
        self.keyArn = keyArn
    }

    /// What ECS puts in `ValueFrom`.
    var valueFrom: Value {
        guard let jsonKey else { return arn }
        return .join("", [arn, .string(":\(jsonKey)::")])
    }
}

/// An environment variable injected from Secrets Manager or Parameter Store when the task starts:
/// never written in the template, readable only by the task's execution role.
///
/// ```swift
/// Secret("DATABASE_PASSWORD", db.masterPassword)
/// Secret("JWT_SECRET", jwtKey.value)
/// ```
public struct Secret: ContainerSetting {
    public var name: String
    public var source: SecretSource

    public init(_ name: String, _ source: SecretSource) {
        self.name = name
        self.source = source
    }

    public func apply(to container: inout Container) { container.secrets.append(self) }
}

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
