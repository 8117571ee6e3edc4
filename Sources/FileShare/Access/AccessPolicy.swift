/// The one place that decides who may do what in a project.
///
/// Non-members never reach this table: the project middleware answers 404 for them, so a
/// project's existence does not leak. Members without the right role get 403.
///
/// ```swift
/// AccessPolicy.allows(.editor, .uploadFile)   // true
/// AccessPolicy.allows(.guest, .listMembers)   // false
/// ```
public enum AccessPolicy {
    /// The minimum role for each action.
    static func minimumRole(for action: ProjectAction) -> Role {
        switch action {
        case .readProject, .listFiles, .downloadFile: .guest
        case .listMembers, .listDeletedFiles: .viewer
        case .uploadFile, .deleteFile, .restoreFile, .manageShareLinks, .revokeShareLink: .editor
        case .updateProject, .archiveProject, .manageMembers: .manager
        case .deleteProject, .readAudit: .owner
        }
    }

    public static func allows(_ role: Role, _ action: ProjectAction) -> Bool {
        role >= minimumRole(for: action)
    }

    /// Throws the error the caller should see when `role` may not do `action` in a project with `status`.
    static func check(_ action: ProjectAction, role: Role, status: ProjectStatus) throws {
        guard allows(role, action) else {
            throw AppError.forbidden("Your role in this project (\(role.rawValue)) may not \(action.sentence); ask a project owner or manager.")
        }
        if status == .archived, action.changesProject {
            throw AppError.conflict("The project is archived; unarchive it before changing it.")
        }
    }

    /// Whether `actor` may give or take away `role` (only owners manage owners).
    static func mayAssign(_ role: Role, actor: Role) -> Bool {
        actor == .owner || role < .manager || (actor == .manager && role == .manager)
    }
}

extension ProjectAction {
    var sentence: String {
        switch self {
        case .readProject: "read this project"
        case .updateProject: "change this project"
        case .archiveProject: "archive this project"
        case .deleteProject: "delete this project"
        case .listMembers: "list members"
        case .manageMembers: "manage members"
        case .listFiles: "list files"
        case .downloadFile: "download files"
        case .listDeletedFiles: "list deleted files"
        case .uploadFile: "upload files"
        case .deleteFile: "delete files"
        case .restoreFile: "restore files"
        case .manageShareLinks: "manage share links"
        case .revokeShareLink: "revoke share links"
        case .readAudit: "read the audit log"
        }
    }
}
