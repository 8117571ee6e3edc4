import Foundation
import HTTPTypes
import Hashing
import Hummingbird

/// What someone holding a share link sees, with no account: the page at `/s/{token}`, its JSON
/// twin at `/api/share/{token}`, and downloads. Every request re-reads the link, so revocation
/// and expiry take effect at once.
struct PublicShareController: Sendable {
    let services: AppServices
    static let grantCookie = "fileshare_link"

    var downloads: DownloadResponder { DownloadResponder(blobs: services.blobs, metrics: services.metrics) }

    struct SharedFile: Codable, Sendable {
        var id: String
        var folder: String
        var name: String
        var size: Int
        var contentType: String
        var sha256: String
    }

    struct SharedContent: Codable, Sendable {
        var label: String
        var expiresAt: Date
        var allowDownload: Bool
        var files: [SharedFile]
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/share/:token", use: readJSON)
        router.get("/api/share/:token/files/:fileId", use: download)
        router.get("/s/:token", use: page)
        router.post("/s/:token", use: unlock)
        router.get("/s/:token/files/:fileId", use: download)
    }

    /// The link for the token in the path, if it can be used now.
    private func link(_ context: AppRequestContext) async throws -> ShareLink {
        guard let token = context.parameters.get("token"), (20...100).contains(token.count),
              let link = try await services.shareLinks.find(tokenHash: SHA256.hex(of: token)) else {
            throw AppError.notFound("share link")
        }
        if let reason = link.unusableReason(at: services.clock.now()) { throw AppError.gone(reason) }
        // An archived project is read-only for its members and closed to everyone else.
        if try await services.projects.find(id: link.projectId)?.status != .active {
            throw AppError.gone("The project of this link is archived.")
        }
        return link
    }

    /// Whether the caller may see a link's files: it has no password, a grant cookie for it, or the
    /// right password in `X-Share-Password` (checked under the same limits as the form).
    private func isUnlocked(_ link: ShareLink, request: Request, context: AppRequestContext) async throws -> Bool {
        guard link.passwordHash != nil else { return true }
        if let grant = request.cookie(Self.grantCookie), await services.tokens.verifyShareGrant(grant, linkId: link.id) {
            return true
        }
        if let password = request.header(.xSharePassword) {
            return try await checkPassword(password, link: link, request: request, context: context)
        }
        return false
    }

    /// The limiter's name for a link's password.
    static func limiterAccount(_ linkId: String) -> String { "link:" + linkId }

    /// The one way a link password is checked, whichever route it came by: limited per address and
    /// link and per link from all addresses, every wrong guess audited, and so is the lock.
    private func checkPassword(_ password: String, link: ShareLink, request: Request, context: AppRequestContext) async throws -> Bool {
        guard let hash = link.passwordHash else { return true }
        let ip = services.clientAddress(request, context)
        let limit = services.configuration.linkPasswordAttemptsPerWindow
        let (outcome, locksEveryone) = try await services.loginLimiter.attempt(
            ip: ip, account: Self.limiterAccount(link.id), everyoneLimit: limit, now: services.clock.now()) {
            try await services.passwords.verify(String(password.prefix(72)), hash: hash)
        }
        switch outcome {
        case .accepted:
            return true
        case .rejected:
            try await services.audit("link.password_failed", request: request, context: context,
                                     projectId: link.projectId, linkId: link.id)
            if locksEveryone {
                let minutes = Int(services.configuration.loginWindow / 60)
                try await services.audit("link.locked", request: request, context: context, projectId: link.projectId, linkId: link.id,
                                         detail: "\(limit) wrong passwords within \(minutes) minutes from all addresses; every password is refused until the oldest is \(minutes) minutes old (LINK_PASSWORD_ATTEMPTS)")
            }
            return false
        case .limited(let wait):
            throw AppError.tooManyGuesses(retryAfter: wait, what: "passwords for this link")
        }
    }

    private func sharedFiles(_ link: ShareLink) async throws -> [StoredFile] {
        if let fileId = link.fileId {
            guard let file = try await services.files.find(projectId: link.projectId, fileId: fileId), file.deletedAt == nil else {
                return []
            }
            return [file]
        }
        return try await services.files.currentFiles(projectId: link.projectId, folder: link.folder ?? "")
    }

    private func content(_ link: ShareLink) async throws -> SharedContent {
        SharedContent(label: link.label, expiresAt: link.expiresAt, allowDownload: link.allowDownload,
                      files: try await sharedFiles(link).map {
                          SharedFile(id: $0.id, folder: $0.folder, name: $0.name, size: $0.size,
                                     contentType: $0.contentType, sha256: $0.sha256)
                      })
    }

    @Sendable func readJSON(request: Request, context: AppRequestContext) async throws -> SharedContent {
        let link = try await link(context)
        guard try await isUnlocked(link, request: request, context: context) else {
            throw AppError.unauthorized("This link needs a password: send it in the X-Share-Password header.")
        }
        return try await content(link)
    }

    @Sendable func page(request: Request, context: AppRequestContext) async throws -> Response {
        let link: ShareLink
        do {
            link = try await self.link(context)
        } catch let error as AppError {
            return htmlResponse(status: error.status, HTML.page(
                title: "Link unavailable", body: "<h1>Link unavailable</h1><p class=\"error\">\(HTML.escape(error.status == .notFound ? "This link does not exist." : error.message))</p>"))
        }
        guard try await isUnlocked(link, request: request, context: context) else {
            return htmlResponse(status: .ok, HTML.page(title: "Password required", body: """
                <h1>\(HTML.escape(link.label.isEmpty ? "Shared files" : link.label))</h1>
                <form method="post" class="card"><label>Password <input type="password" name="password" required autocomplete="off"></label>
                <button type="submit">Open</button></form>
                """))
        }
        // One `link.open` per link, address and hour: reloading a page must not grow the log without limit.
        let ip = services.clientAddress(request, context)
        if try await !services.auditLog.recorded("link.open", linkId: link.id, ip: ip, since: services.clock.now().addingTimeInterval(-3600)) {
            try await services.audit("link.open", request: request, context: context, projectId: link.projectId, linkId: link.id)
        }
        let shared = try await content(link)
        let token = HTML.escape(context.parameters.get("token") ?? "")
        let rows = shared.files.map { file in
            let name = HTML.escape((file.folder.isEmpty ? "" : file.folder + "/") + file.name)
            let action = shared.allowDownload
                ? "<a class=\"download\" href=\"/s/\(token)/files/\(file.id)\">Download</a>" : "<span>Download disabled</span>"
            return "<tr><td>\(name)</td><td>\(HTML.byteCount(file.size))</td><td><code>\(file.sha256.prefix(16))…</code></td><td>\(action)</td></tr>"
        }.joined()
        let expires = ISO8601DateFormatter().string(from: link.expiresAt)
        return htmlResponse(status: .ok, HTML.page(title: link.label.isEmpty ? "Shared files" : link.label, body: """
            <h1>\(HTML.escape(link.label.isEmpty ? "Shared files" : link.label))</h1>
            <p>This link expires at \(expires).</p>
            <table><thead><tr><th>File</th><th>Size</th><th>SHA-256</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            """))
    }

    /// The password form of a protected link: on success, a cookie that unlocks it for an hour.
    @Sendable func unlock(request: Request, context: AppRequestContext) async throws -> Response {
        let link = try await link(context)
        guard link.passwordHash != nil else { return redirect(to: request.uri.path) }
        struct Form: Decodable { var password: String }
        let form: Form
        do {
            form = try await URLEncodedFormDecoder().decode(Form.self, from: request, context: context)
        } catch {
            throw AppError.badRequest("password", "Send the form field 'password'.")
        }
        guard try await checkPassword(form.password, link: link, request: request, context: context) else {
            return htmlResponse(status: .unauthorized, HTML.page(title: "Wrong password", body: """
                <h1>Wrong password</h1><p><a href="\(HTML.escape(request.uri.path))">Try again</a></p>
                """))
        }
        var response = redirect(to: request.uri.path)
        response.setCookie(Cookie(name: Self.grantCookie, value: try await services.tokens.issueShareGrant(linkId: link.id),
                                  // Scoped to this link's pages, so unlocking a second link keeps the first open.
                                  maxAge: 3600, path: request.uri.path, secure: services.configuration.usesHTTPS,
                                  httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func download(request: Request, context: AppRequestContext) async throws -> Response {
        let link = try await link(context)
        guard try await isUnlocked(link, request: request, context: context) else {
            throw AppError.unauthorized("This link needs a password.")
        }
        guard link.allowDownload else { throw AppError.forbidden("Downloads are turned off for this link.") }
        let fileId = try InputRules.identifier(context.parameters.get("fileId"), field: "fileId")
        guard let file = try await sharedFiles(link).first(where: { $0.id == fileId }),
              let version = try await services.files.version(fileId: file.id, number: file.version) else {
            throw AppError.notFound("file")
        }
        // A download counts by what is sent: only the continuation of one (bytes past the start) is free.
        let plan = try await downloads.plan(for: version, fileName: file.name, request: request)
        if plan.startsDownload {
            guard try await services.shareLinks.claimDownload(linkId: link.id) else {
                throw AppError.gone("This link has reached its download limit.")
            }
            try await services.audit("link.download", request: request, context: context, projectId: link.projectId,
                                     fileId: file.id, linkId: link.id, detail: "version=\(version.version)")
        }
        return try await downloads.response(for: plan)
    }

    private func htmlResponse(status: HTTPResponse.Status, _ html: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func redirect(to path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path])
    }
}
