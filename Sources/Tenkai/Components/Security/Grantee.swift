/// Code that runs with an IAM role — a ``Function``, a ``Service``'s tasks, ``AppServers``, a
/// ``Container`` (whose grants go to the role of what runs it) — and so is granted access the
/// one way every grantee is: ``granting(_:on:)``.
///
/// The role then holds exactly the statements the target names for that access, and nothing
/// else of it:
///
/// ```swift
/// Function("resize", runtime: .nodejs22, handler: "index.handler", code: .folder("functions/resize"))
///     .granting(.readWrite, on: uploads)   // s3:GetObject/PutObject/... on exactly that bucket
/// Container("app", image: .repository(images)) { Port(8080, health: "/healthz") }
///     .granting(.read, on: signingKey)
/// ```
public protocol Grantee: Sendable {
    /// The grants given so far, in order; add to them with ``granting(_:on:)``.
    var grants: [Grant] { get set }
}

extension Grantee {
    /// Lets this code use `target` with `access`, and nothing else of it.
    public func granting(_ access: Access, on target: some Grantable) -> Self {
        var copy = self
        copy.grants.append(Grant(target, access))
        return copy
    }
}
