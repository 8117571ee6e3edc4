import Foundation

/// One line of the append-only audit log: who (a user or a share link) did what, to which file,
/// when and from which address.
public struct AuditEvent: Codable, Sendable, Equatable {
    public var id: String
    public var at: Date
    public var projectId: String?
    public var actorUserId: String?
    public var actorLinkId: String?
    public var action: String
    public var fileId: String?
    public var detail: String
    public var ip: String
    public var requestId: String
}
