import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Who is calling: a logged-in user and the session their token belongs to.
public struct Identity: Sendable {
    public var user: User
    public var sessionId: String
    public var sessionCreatedAt: Date
    /// Whether the credentials came from the browser cookie (then unsafe requests need the CSRF header).
    public var viaCookie: Bool
}

/// A membership looked up together with the session, for `ProjectAccessMiddleware` to use.
struct PreloadedMembership: Sendable {
    var projectId: String
    var project: Project?
}

/// The per-request context: the caller's identity and, inside `/api/projects/{id}`, the project
/// and the caller's role in it, both resolved once by middleware.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    /// Set by `ProjectAccessMiddleware`; its `role` is the caller's.
    public var project: Project?
    /// The caller's membership, read with their session for project routes (nil project: not a member).
    var preloadedMembership: PreloadedMembership?
    public let channelAddress: String
    /// The caller's address as ``ClientAddress`` resolves it, set once per request by `ObservabilityMiddleware`.
    var clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channelAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// JSON request bodies are small; file uploads stream and are limited separately.
    public var maxUploadSize: Int { 1 << 20 }

    /// The logged-in caller, or a 401.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw AppError.unauthorized() }
        return identity
    }

    /// The project resolved for this request with the caller's role, after checking that the
    /// role allows `action` (the one permission check every project route makes).
    func authorize(_ action: ProjectAction) throws -> (project: Project, role: Role) {
        guard let project, let role = project.role else { throw AppError.notFound("project") }
        try AccessPolicy.check(action, role: role, status: project.status)
        return (project, role)
    }
}
