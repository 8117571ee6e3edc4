/// What a system's own containers need in its compose file that its components cannot say:
/// which images this checkout builds itself, and which variables carry values that only exist
/// locally. A system declares it with ``System/runningLocally(_:)``; the library knows no app.
///
/// ```swift
/// let shop = System("shop") { env in … }
///     .runningLocally(LocalRun(
///         dockerfiles: ["shop": "Sources/ShopServer/Dockerfile"],
///         databaseURLVariable: "DATABASE_URL", publicURLVariables: ["PUBLIC_URL"]))
/// ```
public struct LocalRun: Sendable, Hashable {
    /// Repository name → Dockerfile, relative to the project root: compose builds these images
    /// with the project root as the context. Any other repository's images run by name,
    /// `<system>/<repository>:<tag>`, built or pulled by whoever owns their source.
    public var dockerfiles: [String: String]
    /// The variable a container gets holding the connection URL (`postgres://…`) of the first
    /// local database its variables reference, unless it sets that variable itself.
    public var databaseURLVariable: String?
    /// Variables holding the service's own public URL (a cloud domain): locally they become
    /// `http://localhost:<published port>` of the container's serving port.
    public var publicURLVariables: [String]

    public init(dockerfiles: [String: String] = [:], databaseURLVariable: String? = nil, publicURLVariables: [String] = []) {
        self.dockerfiles = dockerfiles
        self.databaseURLVariable = databaseURLVariable
        self.publicURLVariables = publicURLVariables
    }
}

extension System {
    /// This system with its local-run customisation for compose files (``LocalRun``).
    public func runningLocally(_ localRun: LocalRun) -> System {
        var copy = self
        copy.localRun = localRun
        return copy
    }
}
