import Foundation

/// Internal staff create projects; external guests (customers, partners) only join them.
public enum UserKind: String, Codable, Sendable, CaseIterable {
    case staff, guest
}

/// A person who can log in. The password hash never leaves the repository layer.
public struct User: Codable, Sendable, Equatable {
    public var id: String
    public var email: String
    public var name: String
    public var kind: UserKind
    public var isAdmin: Bool
    public var createdAt: Date
}
