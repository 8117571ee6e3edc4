import Foundation
import HTTPTypes
import Hummingbird

/// The small server-rendered web UI: login, set-up, projects, a project's files, members and
/// share links, and its audit log. Pages read through the repositories with the same access
/// policy as the API; every change goes through the JSON API (see `WebAssets.script`).
struct WebController: Sendable {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/static/app.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(string: WebAssets.script)))
        }
        router.get("/static/app.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(string: WebAssets.styles)))
        }
        router.get("/login", use: login)
        router.get("/setup", use: setup)
        router.get("/", use: projects)
        router.get("/projects/:projectId", use: project)
        router.get("/projects/:projectId/audit", use: audit)
    }

    private func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private var toLogin: Response { Response(status: .seeOther, headers: [.location: "/login"]) }

    @Sendable func login(request: Request, context: AppRequestContext) async throws -> Response {
        html(HTML.page(title: "Log in", body: """
            <h1>Log in</h1>
            <form class="card" id="login-form" data-json="/api/auth/login" data-then="go:/">
            <input type="hidden" name="setCookie" value="true" data-type="bool">
            <label>Email <input type="email" name="email" required autocomplete="username"></label>
            <label>Password <input type="password" name="password" required autocomplete="current-password"></label>
            <button type="submit">Log in</button></form>
            """))
    }

    @Sendable func setup(request: Request, context: AppRequestContext) async throws -> Response {
        let token = HTML.escape(request.query("token").map(String.init) ?? "")
        return html(HTML.page(title: "Set up", body: """
            <h1>Create the first administrator</h1>
            <form class="card" data-json="/api/setup" data-then="go:/login">
            <input type="hidden" name="token" value="\(token)">
            <label>Name <input name="name" required></label>
            <label>Email <input type="email" name="email" required></label>
            <label>Password (10+ characters) <input type="password" name="password" required minlength="10"></label>
            <button type="submit">Create</button></form>
            """))
    }

    @Sendable func projects(request: Request, context: AppRequestContext) async throws -> Response {
        guard let identity = context.identity else { return toLogin }
        let query = try ListQuery(request: request, sortable: ["name", "createdAt", "updatedAt"])
        let page = try await services.projects.list(memberId: identity.user.id, status: nil, query)
        let rows = page.items.map { project in
            "<tr><td><a href=\"/projects/\(project.id)\">\(HTML.escape(project.name))</a></td><td>\(project.role?.rawValue ?? "")</td><td>\(project.status.rawValue)</td></tr>"
        }.joined()
        let create = identity.user.kind == .staff ? """
            <form class="card" id="create-project" data-json="/api/projects" data-then="open-project">
            <h2>New project</h2><label>Name <input name="name" required maxlength="200"></label>
            <label>Description <input name="description" maxlength="2000"></label><button type="submit">Create project</button></form>
            """ : ""
        return html(HTML.page(title: "Projects", body: """
            <h1>Projects</h1><p class="muted">Signed in as \(HTML.escape(identity.user.email))</p>
            <form method="get"><input name="q" placeholder="Search projects" value="\(HTML.escape(query.search ?? ""))"><button>Search</button></form>
            <table id="projects"><thead><tr><th>Name</th><th>Your role</th><th>Status</th></tr></thead><tbody>\(rows)</tbody></table>
            \(create)
            """, signedIn: true))
    }

    /// The project for a page, or nil when the caller may not see it (the page then says 404).
    private func visibleProject(_ context: AppRequestContext) async throws -> (Identity, Project, Role)? {
        guard let identity = context.identity, let id = context.parameters.get("projectId"), Identifier.isValid(id),
              let project = try await services.projects.find(id: id, memberId: identity.user.id), let role = project.role else {
            return nil
        }
        return (identity, project, role)
    }

    private var notFoundPage: Response {
        html(HTML.page(title: "Not found", body: "<h1>Not found</h1><p><a href=\"/\">Back to projects</a></p>", signedIn: true), status: .notFound)
    }

    @Sendable func project(request: Request, context: AppRequestContext) async throws -> Response {
        guard context.identity != nil else { return toLogin }
        guard let (_, project, role) = try await visibleProject(context) else { return notFoundPage }
        let api = "/api/projects/\(project.id)"
        let canChange = project.status == .active
        let files = try await services.files.list(projectId: project.id, folder: nil, visibility: .current,
                                                  ListQuery(perPage: ListQuery.maxPerPage))
        let fileRows = files.items.map { file in
            let path = HTML.escape((file.folder.isEmpty ? "" : file.folder + "/") + file.name)
            var actions = "<a href=\"\(api)/files/\(file.id)/content\">Download</a>"
            if canChange && AccessPolicy.allows(role, .deleteFile) {
                actions += " <button type=\"button\" data-delete=\"\(api)/files/\(file.id)\">Delete</button>"
            }
            return "<tr><td>\(path)</td><td>\(HTML.byteCount(file.size))</td><td>v\(file.version)</td><td><code>\(file.sha256.prefix(12))</code></td><td>\(actions)</td></tr>"
        }.joined()
        var body = """
            <h1>\(HTML.escape(project.name))</h1><p class="muted">\(HTML.escape(project.description)) · your role: \(role.rawValue) · \(project.status.rawValue)</p>
            <h2>Files</h2><table id="files"><thead><tr><th>Name</th><th>Size</th><th>Version</th><th>SHA-256</th><th></th></tr></thead><tbody>\(fileRows)</tbody></table>
            """
        if canChange && AccessPolicy.allows(role, .uploadFile) {
            body += """
                <form class="card" id="upload-form" data-upload="\(api)/files"><h2>Upload</h2>
                <label>File <input type="file" name="file" multiple required></label>
                <label>Folder <input name="folder" placeholder="e.g. contracts/2024"></label><button type="submit">Upload</button></form>
                """
        }
        if AccessPolicy.allows(role, .listMembers) {
            let members = try await services.members.list(projectId: project.id, ListQuery(perPage: ListQuery.maxPerPage))
            let manage = canChange && AccessPolicy.allows(role, .manageMembers)
            let rows = members.items.map { member in
                "<tr><td>\(HTML.escape(member.name))</td><td>\(HTML.escape(member.email))</td><td>\(member.role.rawValue)</td><td>\(manage && AccessPolicy.mayAssign(member.role, actor: role) ? "<button type=\"button\" data-delete=\"\(api)/members/\(member.userId)\">Remove</button>" : "")</td></tr>"
            }.joined()
            body += "<h2>Members</h2><table id=\"members\"><thead><tr><th>Name</th><th>Email</th><th>Role</th><th></th></tr></thead><tbody>\(rows)</tbody></table>"
            if manage {
                let options = Role.allCases.filter { AccessPolicy.mayAssign($0, actor: role) }
                    .map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }.joined()
                body += """
                    <form class="card" data-json="\(api)/members"><h2>Add member</h2>
                    <label>Email <input type="email" name="email" required></label>
                    <label>Role <select name="role">\(options)</select></label><button type="submit">Add</button></form>
                    """
            }
        }
        if AccessPolicy.allows(role, .manageShareLinks) {
            let links = try await services.shareLinks.list(projectId: project.id, ListQuery(perPage: ListQuery.maxPerPage))
            let formatter = ISO8601DateFormatter()
            var rows = ""
            for link in links.items {
                let target = link.fileId.flatMap { id in files.items.first { $0.id == id }?.name } ?? "folder: /\(link.folder ?? "")"
                let lockedUntil = try await services.passwordLockedUntil(link)
                let state = link.unusableReason(at: services.clock.now())
                    ?? lockedUntil.map { "locked by wrong passwords until \(formatter.string(from: $0))" } ?? "active"
                var actions = link.revokedAt == nil && canChange ? "<button type=\"button\" data-delete=\"\(api)/links/\(link.id)\">Revoke</button>" : ""
                if lockedUntil != nil && canChange {
                    actions += " <button type=\"button\" data-post=\"\(api)/links/\(link.id)/unlock\">Unlock</button>"
                }
                rows += "<tr><td>\(HTML.escape(link.label))</td><td>\(HTML.escape(target))</td><td>\(formatter.string(from: link.expiresAt))</td><td>\(link.downloadCount)\(link.maxDownloads.map { "/\($0)" } ?? "")</td><td>\(HTML.escape(state))</td><td>\(actions)</td></tr>"
            }
            body += "<h2>Share links</h2><table id=\"links\"><thead><tr><th>Label</th><th>Shares</th><th>Expires</th><th>Downloads</th><th>State</th><th></th></tr></thead><tbody>\(rows)</tbody></table>"
            if canChange {
                let fileOptions = files.items.map { "<option value=\"\($0.id)\">\(HTML.escape($0.name))</option>" }.joined()
                body += """
                    <form class="card" id="share-form" data-json="\(api)/links" data-then="show-link"><h2>New share link</h2>
                    <label>File <select name="fileId" required>\(fileOptions)</select></label>
                    <label>Label <input name="label"></label>
                    <label>Expires in days <input name="expiresInDays" data-type="number" type="number" min="1" value="7"></label>
                    <label>Password (optional) <input type="password" name="password" autocomplete="new-password"></label>
                    <label>Download limit (optional) <input name="maxDownloads" data-type="number" type="number" min="1"></label>
                    <button type="submit">Create link</button>
                    <p><a id="link-result" hidden></a></p></form>
                    """
            }
        }
        if AccessPolicy.allows(role, .readAudit) {
            body += "<p><a href=\"/projects/\(project.id)/audit\">Audit log</a></p>"
        }
        return html(HTML.page(title: project.name, body: body, signedIn: true))
    }

    @Sendable func audit(request: Request, context: AppRequestContext) async throws -> Response {
        guard context.identity != nil else { return toLogin }
        guard let (_, project, role) = try await visibleProject(context), AccessPolicy.allows(role, .readAudit) else { return notFoundPage }
        var query = try ListQuery(request: request, sortable: ["at", "action"])
        query.descending = true
        query.perPage = ListQuery.maxPerPage
        let events = try await services.auditLog.list(projectId: project.id, query)
        let formatter = ISO8601DateFormatter()
        let rows = events.items.map { event in
            "<tr><td>\(formatter.string(from: event.at))</td><td>\(HTML.escape(event.action))</td><td>\(HTML.escape(event.actorUserId ?? ("link " + (event.actorLinkId ?? "-"))))</td><td>\(HTML.escape(event.ip))</td><td>\(HTML.escape(event.detail))</td></tr>"
        }.joined()
        return html(HTML.page(title: "Audit · \(project.name)", body: """
            <h1>Audit log: \(HTML.escape(project.name))</h1><p><a href="/api/projects/\(project.id)/audit.csv">Export CSV</a></p>
            <table id="audit"><thead><tr><th>When</th><th>Action</th><th>Who</th><th>From</th><th>Detail</th></tr></thead><tbody>\(rows)</tbody></table>
            """, signedIn: true))
    }
}
