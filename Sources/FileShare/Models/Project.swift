import Foundation

/// Archived projects keep their files readable but accept no changes.
public enum ProjectStatus: String, Codable, Sendable {
    case active, archived
}

/// A customer deal or engagement: the unit of access control.
public struct Project: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var status: ProjectStatus
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    /// The caller's role, filled in on list and read endpoints.
    public var role: Role?
}
