import Foundation

/// A user's membership in a project.
public struct Member: Codable, Sendable, Equatable {
    public var userId: String
    public var email: String
    public var name: String
    public var kind: UserKind
    public var role: Role
    public var addedAt: Date
}
