/// A member's role in one project, strongest first.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case owner, manager, editor, viewer, guest

    /// Higher is stronger; used to stop managers from touching owners.
    var rank: Int {
        switch self {
        case .owner: 5
        case .manager: 4
        case .editor: 3
        case .viewer: 2
        case .guest: 1
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
