/// Collects the statements of a body into a list: components of a stack, stacks of a system.
///
/// Every Swift control-flow form works inside a body, so differences between environments are
/// plain Swift:
///
/// ```swift
/// Stack("data") {
///     files
///     if env.tier == .production { auditLog }
///     for name in ["reports", "exports"] { Bucket(name) }
/// }
/// ```
@resultBuilder
public enum ListBuilder<Element> {
    /// One statement: a single element.
    public static func buildExpression(_ element: Element) -> [Element] { [element] }
    /// A statement that is already a list (a helper function returning several elements).
    public static func buildExpression(_ elements: [Element]) -> [Element] { elements }
    /// Statements one after another.
    public static func buildBlock(_ parts: [Element]...) -> [Element] { parts.flatMap { $0 } }
    /// `if` without `else`.
    public static func buildOptional(_ part: [Element]?) -> [Element] { part ?? [] }
    /// The `if` branch of `if`/`else` and the first cases of `switch`.
    public static func buildEither(first part: [Element]) -> [Element] { part }
    /// The `else` branch of `if`/`else` and the later cases of `switch`.
    public static func buildEither(second part: [Element]) -> [Element] { part }
    /// `for … in`.
    public static func buildArray(_ parts: [[Element]]) -> [Element] { parts.flatMap { $0 } }
    /// `if #available`.
    public static func buildLimitedAvailability(_ part: [Element]) -> [Element] { part }
}

/// The builder of a stack body.
public typealias ComponentBuilder = ListBuilder<any Component>
/// The builder of a system body.
public typealias StackBuilder = ListBuilder<Stack>
