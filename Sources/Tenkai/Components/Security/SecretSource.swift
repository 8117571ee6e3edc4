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
