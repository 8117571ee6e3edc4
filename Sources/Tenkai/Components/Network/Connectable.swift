import TenkaiCore

/// Something a service can be allowed to open connections to: a database, a cache.
///
/// ``Service/connecting(to:)`` adds one ingress rule to the target's security group from the
/// service's, on ``port``, in the service's stack — so the target's stack never depends on the
/// service's and stacks stay in one direction.
public protocol Connectable: Component {
    var securityGroupID: Reference { get }
    var port: Int { get }
}
