import TenkaiCore

/// How much of a resource a service may use.
public enum Access: String, Sendable, Hashable {
    case read, write, readWrite
}

/// Something a service can be granted access to: a bucket, a secret, a queue.
///
/// Conformers return statements naming exactly their own ARNs and the actions `access` needs.
public protocol Grantable: Sendable {
    /// The least-privilege statements for `access`, in the environment being built.
    func policyStatements(for access: Access, in stack: StackContext) -> [Value]
}

/// One grant a ``Grantee`` holds: `access` to `target`, made only by ``Grantee/granting(_:on:)``.
public struct Grant: Sendable {
    let target: any Grantable
    let access: Access

    init(_ target: any Grantable, _ access: Access) {
        self.target = target
        self.access = access
    }
}

extension [Grant] {
    /// The statements of every grant, in the order they were given.
    func policyStatements(in stack: StackContext) -> [Value] {
        flatMap { $0.target.policyStatements(for: $0.access, in: stack) }
    }
}
