/// Everything a member can try to do inside a project. Each route names exactly one of these,
/// and `AccessPolicy` is the single table that says who may.
public enum ProjectAction: String, Sendable, CaseIterable {
    case readProject
    case updateProject
    case archiveProject
    case deleteProject
    case listMembers
    case manageMembers
    case listFiles
    case downloadFile
    case listDeletedFiles
    case uploadFile
    case deleteFile
    case restoreFile
    case manageShareLinks
    /// Revoking a link stays possible in an archived project: closing access never needs an unarchive.
    case revokeShareLink
    case readAudit

    /// Actions that change the project, refused while it is archived.
    var changesProject: Bool {
        switch self {
        case .updateProject, .manageMembers, .uploadFile, .deleteFile, .restoreFile, .manageShareLinks: true
        default: false
        }
    }
}
