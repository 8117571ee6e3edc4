import Foundation
import Hummingbird

/// Projects: create, list, read, update, archive, unarchive and delete.
struct ProjectController: Sendable {
    let services: AppServices

    struct CreateProject: Decodable {
        var name: String
        var description: String?
    }

    struct UpdateProject: Decodable {
        var name: String?
        var description: String?
    }

    func addRoutes(to router: Router<AppRequestContext>, project: RouterGroup<AppRequestContext>) {
        router.get("/api/projects", use: list)
        router.post("/api/projects", use: create)
        project.get("", use: read)
        project.patch("", use: update)
        project.delete("", use: delete)
        project.post("archive", use: archive)
        project.post("unarchive", use: unarchive)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<Project> {
        let identity = try context.requireIdentity()
        let query = try ListQuery(request: request, sortable: ["name", "createdAt", "updatedAt"])
        var status: ProjectStatus?
        if let value = request.query("status") {
            guard let parsed = ProjectStatus(rawValue: String(value)) else {
                throw AppError.badRequest("status", "status must be 'active' or 'archived'.")
            }
            status = parsed
        }
        return try await services.projects.list(memberId: identity.user.id, status: status, query)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> JSONResponse<Project> {
        let identity = try context.requireIdentity()
        guard identity.user.kind == .staff else { throw AppError.forbidden("Only internal staff create projects.") }
        let input = try await request.decodeJSON(as: CreateProject.self, context: context)
        let name = try InputRules.text(input.name, field: "name")
        let description = try InputRules.text(input.description ?? "", field: "description", maxLength: 2000, allowEmpty: true)
        let project = try await services.projects.create(name: name, description: description, createdBy: identity.user.id)
        try await services.audit("project.create", request: request, context: context, projectId: project.id, detail: "name=\(name)")
        return JSONResponse(.created, project)
    }

    @Sendable func read(request: Request, context: AppRequestContext) async throws -> Project {
        try context.authorize(.readProject).project
    }

    @Sendable func update(request: Request, context: AppRequestContext) async throws -> Project {
        let (project, _) = try context.authorize(.updateProject)
        let input = try await request.decodeJSON(as: UpdateProject.self, context: context)
        let name = try input.name.map { try InputRules.text($0, field: "name") }
        let description = try input.description.map {
            try InputRules.text($0, field: "description", maxLength: 2000, allowEmpty: true)
        }
        try await services.projects.update(id: project.id, name: name, description: description)
        var changes: [String] = []
        if let name, name != project.name { changes.append("name=\(project.name)->\(name)") }
        if let description, description != project.description { changes.append("description changed") }
        try await services.audit("project.update", request: request, context: context, detail: changes.joined(separator: " "))
        return try await reload(project, context)
    }

    @Sendable func archive(request: Request, context: AppRequestContext) async throws -> Project {
        let (project, _) = try context.authorize(.archiveProject)
        try await services.projects.setStatus(id: project.id, .archived)
        try await services.audit("project.archive", request: request, context: context)
        return try await reload(project, context)
    }

    @Sendable func unarchive(request: Request, context: AppRequestContext) async throws -> Project {
        let (project, _) = try context.authorize(.archiveProject)
        try await services.projects.setStatus(id: project.id, .active)
        try await services.audit("project.unarchive", request: request, context: context)
        return try await reload(project, context)
    }

    /// Deletes the project, its members, files, versions and links; the audit trail stays.
    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> Response {
        let (project, _) = try context.authorize(.deleteProject)
        try await services.audit("project.delete", request: request, context: context, detail: "name=\(project.name)")
        let keys = try await services.projects.delete(id: project.id)
        for key in keys { try? await services.blobs.delete(key: key) }
        return Response(status: .noContent)
    }

    private func reload(_ project: Project, _ context: AppRequestContext) async throws -> Project {
        let identity = try context.requireIdentity()
        guard let fresh = try await services.projects.find(id: project.id, memberId: identity.user.id) else {
            throw AppError.notFound("project")
        }
        return fresh
    }
}
