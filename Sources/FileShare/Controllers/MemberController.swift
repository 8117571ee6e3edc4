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
        let actorId = try context.requireIdentity().user.id
        try await changeOwnership(project: project, actorId: actorId, targetId: target.userId, actor: role,
                                  newRole: input.role) { members, current in
            guard AccessPolicy.mayAssign(input.role, actor: current), AccessPolicy.mayAssign(target.role, actor: current) else {
                throw AppError.forbidden("Only owners can change an owner's role or make someone an owner.")
            }
            try await members.setRole(projectId: project.id, userId: target.userId, role: input.role)
        }
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
        let actorId = try context.requireIdentity().user.id
        try await changeOwnership(project: project, actorId: actorId, targetId: target.userId, actor: role,
                                  newRole: nil) { members, current in
            guard AccessPolicy.mayAssign(target.role, actor: current) else {
                throw AppError.forbidden("Only owners can remove an owner.")
            }
            try await members.remove(projectId: project.id, userId: target.userId)
        }
        try await services.audit("member.remove", request: request, context: context, detail: "user=\(target.userId)")
        return Response(status: .noContent)
    }

    /// Changes a membership while no other change to the project's members runs (on any instance),
    /// after re-reading the actor's role and the target, and refuses a change that would leave the
    /// project without an owner. Two owners demoting each other at once: the second one fails.
    private func changeOwnership(project: Project, actorId: String, targetId: String, actor role: Role,
                                 newRole: Role?,
                                 _ change: @escaping @Sendable (MemberRepository, Role) async throws -> Void) async throws {
        try await services.database.exclusively("members:" + project.id) { sql in
            let members = MemberRepository(sql: sql)
            // Administrators act without a membership; everyone else acts with the role they hold now.
            let current = try await members.find(projectId: project.id, userId: actorId)?.role ?? role
            guard let target = try await members.find(projectId: project.id, userId: targetId) else {
                throw AppError.notFound("member")
            }
            if target.role == .owner, newRole != .owner, try await members.ownerCount(projectId: project.id) <= 1 {
                throw AppError.conflict("A project needs at least one owner; make someone else owner first.")
            }
            try await change(members, current)
        }
    }

    private func existingMember(project: Project, context: AppRequestContext) async throws -> Member {
        let userId = try InputRules.identifier(context.parameters.get("userId"), field: "userId")
        guard let member = try await services.members.find(projectId: project.id, userId: userId) else {
            throw AppError.notFound("member")
        }
        return member
    }
}
