import TenkaiCore

/// A component made of other components: a system's data (tables, buckets, a key) or its API
/// (functions and the REST API in front of them), declared once and placed in a stack as one.
///
/// Its children get paths under its own (`stamp-rally/data/data/users`) in the component tree,
/// their `tenkai:path` metadata and diagnostics, while their logical IDs and physical names stay
/// what they would be as direct members of the stack: grouping components never replaces a
/// deployed resource. References to a child (`data.users.arn`) work as before, since
/// the child is still a value of its own type.
///
/// ```swift
/// struct ShopData: Composite {
///     let name = "data"
///     var kind: String { "ShopData" }
///     let orders = Table("orders", partitionKey: .string("id"))
///     let uploads = Bucket("uploads")
///     var children: [any Component] { [orders, uploads] }
/// }
/// ```
public protocol Composite: Component {
    /// The components it groups, in the order they translate.
    var children: [any Component] { get }
}

extension Composite {
    /// Translates the children, each under this composite's path.
    public func translate(into stack: inout StackContext) { stack.translate(children, inside: self) }
}
