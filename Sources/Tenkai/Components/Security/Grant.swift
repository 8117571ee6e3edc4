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

/// A grant of access to a resource for a service's tasks (its task role).
///
/// ```swift
/// Container("app", image: .repository(images)) {
///     Grant(files, .readWrite)   // s3:GetObject/PutObject/... on exactly that bucket
/// }
/// ```
public struct Grant: ContainerSetting {
    public var target: any Grantable
    public var access: Access

    public init(_ target: any Grantable, _ access: Access) {
        self.target = target
        self.access = access
    }

    public func apply(to container: inout Container) { container.grants.append(self) }
}
