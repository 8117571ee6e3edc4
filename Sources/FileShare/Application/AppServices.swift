import Foundation
import Hummingbird
import Logging

/// Everything the controllers share: configuration, the database and blob store, token and
/// password services, the login limiter and the metrics. Built once at start-up.
struct AppServices: Sendable {
    let configuration: AppConfiguration
    let database: DatabaseHandle
    let blobs: any BlobStore
    let tokens: AccessTokenService
    let passwords: PasswordHasher
    let loginLimiter: LoginRateLimiter
    let metrics: MetricsRegistry
    /// The time decisions are made against; tests pass one they can move.
    let clock: AppClock
    /// Draining flag and responses in flight, for graceful shutdown.
    let shutdown = ShutdownState()
    /// A bcrypt hash checked when an email is unknown, so both cases take the same time.
    let decoyPasswordHash: String

    var users: UserRepository { .init(sql: database.sql) }
    var sessions: SessionRepository { .init(sql: database.sql, clock: clock) }
    var settings: SettingsRepository { .init(sql: database.sql) }
    var projects: ProjectRepository { .init(sql: database.sql) }
    var members: MemberRepository { .init(sql: database.sql) }
    var files: FileRepository { .init(sql: database.sql) }
    var uploads: UploadRepository { .init(sql: database.sql) }
    var shareLinks: ShareLinkRepository { .init(sql: database.sql) }
    var auditLog: AuditRepository { .init(sql: database.sql) }

    func clientAddress(_ request: Request, _ context: AppRequestContext) -> String {
        context.clientAddress ?? ClientAddress.of(request, context: context, trustedProxyHops: configuration.trustedProxyHops)
    }

    /// Appends to the audit log. A failure to audit fails the request: an action that cannot be
    /// recorded should not look successful.
    func audit(_ action: String, request: Request, context: AppRequestContext, projectId: String? = nil,
               fileId: String? = nil, linkId: String? = nil, userId: String? = nil, detail: String = "") async throws {
        let requestID = request.header(.xRequestID).flatMap(ObservabilityMiddleware.acceptableID) ?? context.id
        try await auditLog.append(AuditEvent(
            id: Identifier.make(), at: clock.now(), projectId: projectId ?? context.project?.id,
            actorUserId: userId ?? context.identity?.user.id, actorLinkId: linkId, action: action, fileId: fileId,
            detail: String(detail.prefix(1000)), ip: clientAddress(request, context), requestId: requestID))
    }
}
