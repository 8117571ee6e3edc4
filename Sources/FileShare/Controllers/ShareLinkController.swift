import Foundation
import Hashing
import Hummingbird

/// Share links of a project, managed by its members: create (the token is returned once),
/// list, revoke, and unlock one that wrong passwords have locked.
struct ShareLinkController: Sendable {
    let services: AppServices

    struct CreateLink: Decodable {
        var fileId: String?
        var folder: String?
        var label: String?
        var expiresInDays: Int?
        var password: String?
        var maxDownloads: Int?
        var allowDownload: Bool?
    }

    struct CreatedLink: Codable, Sendable {
        var link: ShareLink
        /// Shown only now; the service keeps only its hash.
        var token: String
        var url: String
    }

    func addRoutes(to project: RouterGroup<AppRequestContext>) {
        project.get("links", use: list)
        project.post("links", use: create)
        project.delete("links/:linkId", use: revoke)
        project.post("links/:linkId/unlock", use: unlock)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<ShareLink> {
        let (project, _) = try context.authorize(.manageShareLinks)
        let query = try ListQuery(request: request, sortable: ["createdAt", "expiresAt", "label"])
        var page = try await services.shareLinks.list(projectId: project.id, query)
        // The members managing links see which ones a crowd of wrong passwords has locked.
        for index in page.items.indices {
            page.items[index].passwordLockedUntil = try await services.passwordLockedUntil(page.items[index])
        }
        return page
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> JSONResponse<CreatedLink> {
        let (project, _) = try context.authorize(.manageShareLinks)
        let input = try await request.decodeJSON(as: CreateLink.self, context: context)
        let configuration = services.configuration
        var fileId: String?
        var folder: String?
        switch (input.fileId, input.folder) {
        case (let id?, nil):
            let id = try InputRules.identifier(id, field: "fileId")
            guard let file = try await services.files.find(projectId: project.id, fileId: id), file.deletedAt == nil else {
                throw AppError.notFound("file")
            }
            fileId = file.id
        case (nil, let path?):
            folder = try InputRules.folder(path)
        default:
            throw AppError.badRequest("fileId", "Give exactly one of fileId (share a file) or folder (share a folder; \"\" is the whole project).")
        }
        let maxDays = Int(configuration.shareLinkMaxLifetime / 86400)
        var lifetime = configuration.shareLinkDefaultLifetime
        if let days = input.expiresInDays {
            guard (1...maxDays).contains(days) else {
                throw AppError.badRequest("expiresInDays", "expiresInDays must be from 1 to \(maxDays).")
            }
            lifetime = TimeInterval(days) * 86400
        }
        if let maxDownloads = input.maxDownloads, !(1...1_000_000).contains(maxDownloads) {
            throw AppError.badRequest("maxDownloads", "maxDownloads must be from 1 to 1000000.")
        }
        var passwordHash: String?
        if let password = input.password, !password.isEmpty {
            guard password.utf8.count >= 6, password.utf8.count <= 72 else {
                throw AppError.badRequest("password", "A link password must be 6 to 72 bytes long.")
            }
            passwordHash = try await services.passwords.hash(password)
        }
        let label = try InputRules.text(input.label ?? "", field: "label", allowEmpty: true)
        let now = services.clock.now()
        let link = ShareLink(id: Identifier.make(), projectId: project.id, fileId: fileId, folder: folder, label: label,
                             expiresAt: now.addingTimeInterval(lifetime), maxDownloads: input.maxDownloads, downloadCount: 0,
                             allowDownload: input.allowDownload ?? true, createdBy: try context.requireIdentity().user.id,
                             createdAt: Clock.date(micros: Clock.micros(now)), revokedAt: nil, passwordHash: passwordHash)
        let token = RandomToken.make()
        try await services.shareLinks.create(link, tokenHash: SHA256.hex(of: token))
        try await services.audit("link.create", request: request, context: context, fileId: fileId,
                                 detail: "link=\(link.id) folder=\(folder ?? "-") expires=\(ISO8601DateFormatter().string(from: link.expiresAt)) password=\(passwordHash != nil) maxDownloads=\(input.maxDownloads.map(String.init) ?? "-")")
        return JSONResponse(.created, CreatedLink(link: link, token: token, url: "\(configuration.baseURL(for: request))/s/\(token)"))
    }

    @Sendable func revoke(request: Request, context: AppRequestContext) async throws -> Response {
        let (project, _) = try context.authorize(.revokeShareLink)
        let id = try InputRules.identifier(context.parameters.get("linkId"), field: "linkId")
        guard let link = try await services.shareLinks.find(projectId: project.id, linkId: id) else {
            throw AppError.notFound("share link")
        }
        try await services.shareLinks.revoke(linkId: link.id)
        try await services.audit("link.revoke", request: request, context: context, fileId: link.fileId,
                                 detail: "link=\(link.id)")
        return Response(status: .noContent)
    }

    /// Clears the wrong passwords that lock a link (LINK_PASSWORD_ATTEMPTS), so the people it was
    /// shared with can open it again at once, without a new link; audited as `link.unlocked`.
    @Sendable func unlock(request: Request, context: AppRequestContext) async throws -> Response {
        let (project, _) = try context.authorize(.manageShareLinks)
        let id = try InputRules.identifier(context.parameters.get("linkId"), field: "linkId")
        guard let link = try await services.shareLinks.find(projectId: project.id, linkId: id) else {
            throw AppError.notFound("share link")
        }
        let lockedUntil = try await services.passwordLockedUntil(link)
        let cleared = try await services.loginLimiter.clearFailures(account: PublicShareController.limiterAccount(link.id))
        try await services.audit("link.unlocked", request: request, context: context, fileId: link.fileId,
                                 detail: "link=\(link.id) wasLocked=\(lockedUntil != nil) clearedFailures=\(cleared)")
        return Response(status: .noContent)
    }
}
