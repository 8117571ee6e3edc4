import Hummingbird

/// Resolves `{projectId}` and the caller's membership once per request for every route under
/// `/api/projects/{projectId}`. Anonymous callers get 401; callers who are not members get 404,
/// exactly as if the project did not exist.
struct ProjectAccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let projects: ProjectRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let projectId = context.parameters.get("projectId")?.lowercased(), Identifier.isValid(projectId) else {
            throw AppError.notFound("project")
        }
        let project: Project?
        if let preloaded = context.preloadedMembership, preloaded.projectId == projectId {
            project = preloaded.project
        } else {
            project = try await projects.find(id: projectId, memberId: identity.user.id)
        }
        guard let project else { throw AppError.notFound("project") }
        var context = context
        context.project = project
        return try await next(request, context)
    }
}
