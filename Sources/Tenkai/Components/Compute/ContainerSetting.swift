/// One statement of a container's body: a port, a secret, configuration, a start-order dependency.
///
/// ```swift
/// Container("app", image: .repository(images)) {
///     Port(8080, health: "/healthz")
///     Secret("JWT_SECRET", jwtKey.value)
/// }
/// ```
public protocol ContainerSetting: Sendable {
    /// Records this setting on the container being declared.
    func apply(to container: inout Container)
}

/// The builder of a container body.
public typealias ContainerBuilder = ListBuilder<any ContainerSetting>
