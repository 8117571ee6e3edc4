import AWSClient

/// Refuses to touch an account the environment does not name: before any change, deploy asks
/// STS who the credentials belong to (`GetCallerIdentity`, which needs no permission and cannot
/// be denied by IAM policy) and compares the account with the environment file's `account`.
///
/// Credentials for the wrong account are the classic way to deploy staging into production (a
/// stale `AWS_PROFILE`, a CI role for the other account); an environment's stacks would then be
/// created beside another environment's, with its names and its sizes.
///
/// ```swift
/// let identity = try await AccountCheck.verify(expected: environment.account, environmentName: "prod", sts: STS(session))
/// ```
public enum AccountCheck {
    /// The caller's identity when its account is `expected`; otherwise an ``AccountMismatch``
    /// that names both accounts, the principal and where the expected one comes from.
    @discardableResult
    public static func verify(expected: String, environmentName: String, sts: STS) async throws -> CallerIdentity {
        let identity = try await sts.getCallerIdentity()
        try verify(identity, expected: expected, environmentName: environmentName)
        return identity
    }

    /// The same check on an identity asked for already (one STS call per command).
    public static func verify(_ identity: CallerIdentity, expected: String, environmentName: String) throws(AccountMismatch) {
        guard identity.account == expected else {
            throw AccountMismatch(expected: expected, actual: identity.account, principal: identity.arn, environmentName: environmentName)
        }
    }
}

/// The credentials belong to another account than the environment's.
public struct AccountMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    public var expected: String
    public var actual: String
    public var principal: String
    public var environmentName: String

    public var description: String {
        "the credentials belong to account \(actual) (\(principal)), but environment '\(environmentName)' is account \(expected) "
            + "(Environments/\(environmentName).yaml); nothing was changed. Use credentials for \(expected) "
            + "(AWS_PROFILE, or the CI role of that account), or fix 'account' in the environment file"
    }
}
