import Hummingbird

/// Resolves `{projectId}` and the caller's membership once per request for every route under
/// `/api/projects/{projectId}`. Anonymous callers get 401; callers who are not members get 404,
/// exactly as if the project did not exist.
struct ProjectAccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let projects: ProjectRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let projectId = context.parameters.get("projectId"), Identifier.isValid(projectId),
              let project = try await projects.find(id: projectId, memberId: identity.user.id) else {
            throw AppError.notFound("project")
        }
        var context = context
        context.project = project
        return try await next(request, context)
    }
}
