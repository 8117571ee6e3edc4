import Foundation
import HTTPTypes
import Hummingbird

/// Members of a project and their roles.
struct MemberController: Sendable {
    let services: AppServices

    struct AddMember: Decodable {
        var email: String
        var role: Role
    }

    struct ChangeRole: Decodable {
        var role: Role
    }

    func addRoutes(to project: RouterGroup<AppRequestContext>) {
        project.get("members", use: list)
        project.post("members", use: add)
        project.patch("members/:userId", use: changeRole)
        project.delete("members/:userId", use: remove)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<Member> {
        let (project, _) = try context.authorize(.listMembers)
        let query = try ListQuery(request: request, sortable: ["name", "email", "role", "addedAt"])
        return try await services.members.list(projectId: project.id, query)
    }

    @Sendable func add(request: Request, context: AppRequestContext) async throws -> JSONResponse<Member> {
        let (project, role) = try context.authorize(.manageMembers)
        let input = try await request.decodeJSON(as: AddMember.self, context: context)
        guard AccessPolicy.mayAssign(input.role, actor: role) else {
            throw AppError.forbidden("Only owners can make someone an owner.")
        }
        guard let user = try await services.users.find(email: try InputRules.email(input.email)) else {
            throw AppError(.notFound, status: .notFound,
                           message: "No account has this email address; ask an administrator to create one first.")
        }
        guard user.kind == .staff || input.role == .guest else {
            throw AppError.badRequest("role", "External guests can only have the guest role.")
        }
        try await services.members.add(projectId: project.id, userId: user.id, role: input.role)
        try await services.audit("member.add", request: request, context: context, detail: "user=\(user.id) role=\(input.role.rawValue)")
        guard let member = try await services.members.find(projectId: project.id, userId: user.id) else {
            throw AppError.notFound("member")
        }
        return JSONResponse(.created, member)
    }

    @Sendable func changeRole(request: Request, context: AppRequestContext) async throws -> Member {
        let (project, role) = try context.authorize(.manageMembers)
        let target = try await existingMember(project: project, context: context)
        let input = try await request.decodeJSON(as: ChangeRole.self, context: context)
        guard AccessPolicy.mayAssign(input.role, actor: role), AccessPolicy.mayAssign(target.role, actor: role) else {
            throw AppError.forbidden("Only owners can change an owner's role or make someone an owner.")
        }
        guard target.kind == .staff || input.role == .guest else {
            throw AppError.badRequest("role", "External guests can only have the guest role.")
        }
        if target.role == .owner, input.role != .owner, try await services.members.ownerCount(projectId: project.id) <= 1 {
            throw AppError.conflict("A project needs at least one owner; make someone else owner first.")
        }
        try await services.members.setRole(projectId: project.id, userId: target.userId, role: input.role)
        try await services.audit("member.role", request: request, context: context,
                                 detail: "user=\(target.userId) role=\(target.role.rawValue)->\(input.role.rawValue)")
        guard let member = try await services.members.find(projectId: project.id, userId: target.userId) else {
            throw AppError.notFound("member")
        }
        return member
    }

    @Sendable func remove(request: Request, context: AppRequestContext) async throws -> Response {
        let (project, role) = try context.authorize(.manageMembers)
        let target = try await existingMember(project: project, context: context)
        guard AccessPolicy.mayAssign(target.role, actor: role) else {
            throw AppError.forbidden("Only owners can remove an owner.")
        }
        if target.role == .owner, try await services.members.ownerCount(projectId: project.id) <= 1 {
            throw AppError.conflict("A project needs at least one owner; make someone else owner first.")
        }
        try await services.members.remove(projectId: project.id, userId: target.userId)
        try await services.audit("member.remove", request: request, context: context, detail: "user=\(target.userId)")
        return Response(status: .noContent)
    }

    private func existingMember(project: Project, context: AppRequestContext) async throws -> Member {
        let userId = try InputRules.identifier(context.parameters.get("userId"), field: "userId")
        guard let member = try await services.members.find(projectId: project.id, userId: userId) else {
            throw AppError.notFound("member")
        }
        return member
    }
}
