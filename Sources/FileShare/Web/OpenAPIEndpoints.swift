/// Every operation the service answers: the JSON API, the share routes and the web pages. The
/// OpenAPI document is rendered from this table; `OpenAPICompletenessTests` holds it to the router.
extension OpenAPIEndpoint {
    typealias P = Parameter

    static func list(sortable: [String]) -> [Parameter] { [
        .query("page", "Page number, from 1.", type: "integer", minimum: 1, maximum: 1_000_000, example: "1"),
        .query("perPage", "Items per page.", type: "integer", minimum: 1, maximum: ListQuery.maxPerPage, example: "10"),
        .query("q", "Keyword search; tolerates partial words and typos (at most 200 characters).", example: "contract"),
        .query("sort", "Field to sort by.", values: sortable, example: sortable[0]),
        .query("order", "Sort direction.", values: ["asc", "desc"], example: "asc"),
    ] }

    /// How a share link's visitor proves the password: the header, or the cookie the form sets.
    static let sharePassword: [Parameter] = [
        .header("X-Share-Password", "The link's password, for a protected link (counted against LOGIN_ATTEMPTS and LINK_PASSWORD_ATTEMPTS).",
                example: "open sesame"),
        .cookie(PublicShareController.grantCookie, "Set by the link's password form; unlocks this link for an hour."),
    ]

    static let downloadHeaders: [Parameter] = [
        .header("Range", "One byte range (`bytes=0-99`, `bytes=100-`, `bytes=-100`); anything else gets the whole file.", example: "bytes=0-1"),
        .header("If-Range", "The ETag the Range belongs to; another version gets the whole file.", example: "\"abc\""),
        .header("If-None-Match", "The ETag already held: 304 if unchanged.", example: "\"abc\""),
    ]

    static let downloadResponses: [String: String] = [
        "206": "The requested range (`Content-Range`).",
        "302": "Redirect to a presigned S3 URL (S3 storage).",
        "304": "Not modified (`If-None-Match`).",
        "416": "The range is outside the file.",
    ]

    static let shareResponses: [String: String] = [
        "401": "The link needs its password (`X-Share-Password`, or the form).",
        "404": "No such link (or file in it).",
        "410": "The link expired, was revoked, reached its download limit, or its project is archived.",
        "429": "Too many wrong passwords: from this address (LOGIN_ATTEMPTS) or for this link from everywhere (LINK_PASSWORD_ATTEMPTS); see `Retry-After`.",
    ]

    static let conflict = ["409": "The project is archived, or the change conflicts with its current state (the error says which)."]
    static let unsupported = ["415": "The body's Content-Type is not accepted."]
    static let toLogin = ["303": "Not signed in: redirect to /login."]

    static let all: [OpenAPIEndpoint] = operations + users + projects + files + uploads + links + share + web

    static let operations: [OpenAPIEndpoint] = [
        .init(method: "get", path: "/healthz", summary: "Liveness for the load balancer", tag: "operations", authenticated: false, produces: .text),
        .init(method: "get", path: "/readyz", summary: "Readiness: database and file store reachable, not draining", tag: "operations",
              authenticated: false, produces: .json("Readiness")),
        .init(method: "get", path: "/metrics", summary: "Prometheus metrics (only with METRICS_ENABLED=1)", tag: "operations",
              authenticated: false, produces: .text, responses: ["404": "Metrics are off."]),
        .init(method: "get", path: "/openapi.json", summary: "This document", tag: "operations", authenticated: false),
    ]

    static let users: [OpenAPIEndpoint] = [
        .init(method: "post", path: "/api/auth/login", summary: "Log in with email and password", tag: "auth", authenticated: false,
              body: .json("LoginRequest"), produces: .json("LoginResponse"), responses: unsupported.merging([
                  "401": "The email address or the password is wrong.",
                  "429": "Too many wrong passwords from this address for this account (LOGIN_ATTEMPTS); see `Retry-After`.",
              ]) { $1 }),
        .init(method: "post", path: "/api/auth/refresh", summary: "Exchange a valid token for a fresh one within the refresh window", tag: "auth"),
        .init(method: "post", path: "/api/auth/logout", summary: "Revoke the session on every instance", tag: "auth", success: "204", produces: .empty),
        .init(method: "get", path: "/api/me", summary: "The caller's account", tag: "auth", produces: .json("User")),
        .init(method: "post", path: "/api/me/password", summary: "Change the caller's password; ends every session and returns a fresh token",
              tag: "auth", body: .json("ChangePassword"), responses: unsupported.merging([
                  "403": "The current password is wrong.",
                  "429": "Too many wrong current passwords (LOGIN_ATTEMPTS); see `Retry-After`.",
              ]) { $1 }),
        .init(method: "post", path: "/api/setup", summary: "Create the first administrator with the one-time token", tag: "users",
              authenticated: false, body: .json("SetupRequest"), success: "201", produces: .json("User"),
              responses: unsupported.merging(["403": "The set-up token is not valid, or an account exists already."]) { $1 }),
        .init(method: "get", path: "/api/users", summary: "List accounts (staff)", tag: "users", parameters: list(sortable: ["name", "email", "createdAt"]),
              responses: ["403": "Guests may not list accounts."]),
        .init(method: "post", path: "/api/users", summary: "Create an account (administrators)", tag: "users", body: .json("CreateUser"),
              success: "201", produces: .json("User"), responses: unsupported.merging([
                  "403": "Only administrators create accounts.", "409": "An account with this email exists.",
              ]) { $1 }),
        .init(method: "post", path: "/api/users/{userId}/disable", summary: "Disable an account and end its sessions (administrators)", tag: "users",
              success: "204", produces: .empty, responses: ["403": "Only administrators disable accounts."]),
        .init(method: "post", path: "/api/users/{userId}/enable", summary: "Re-enable an account (administrators)", tag: "users",
              success: "204", produces: .empty, responses: ["403": "Only administrators enable accounts."]),
        .init(method: "delete", path: "/api/users/{userId}/sessions", summary: "End every session of an account (administrators)", tag: "users",
              success: "204", produces: .empty, responses: ["403": "Only administrators end others' sessions."]),
    ]

    static let projects: [OpenAPIEndpoint] = [
        .init(method: "get", path: "/api/projects", summary: "List the caller's projects", tag: "projects",
              parameters: list(sortable: ["name", "createdAt", "updatedAt"]) + [
                  .query("status", "Only projects in this state.", values: ["active", "archived"], example: "active"),
              ]),
        .init(method: "post", path: "/api/projects", summary: "Create a project (staff)", tag: "projects", body: .json("CreateProject"),
              success: "201", produces: .json("Project"), responses: unsupported.merging(["403": "Guests may not create projects."]) { $1 }),
        .init(method: "get", path: "/api/projects/{projectId}", summary: "Read a project", tag: "projects", produces: .json("Project")),
        .init(method: "patch", path: "/api/projects/{projectId}", summary: "Rename or describe a project", tag: "projects",
              body: .json("UpdateProject"), produces: .json("Project"), responses: conflict.merging(unsupported) { $1 }),
        .init(method: "delete", path: "/api/projects/{projectId}", summary: "Delete a project (owners)", tag: "projects", success: "204", produces: .empty),
        .init(method: "post", path: "/api/projects/{projectId}/archive", summary: "Archive (read-only)", tag: "projects", produces: .json("Project"),
              responses: conflict),
        .init(method: "post", path: "/api/projects/{projectId}/unarchive", summary: "Unarchive", tag: "projects", produces: .json("Project"),
              responses: conflict),
        .init(method: "get", path: "/api/projects/{projectId}/members", summary: "List members", tag: "members",
              parameters: list(sortable: ["name", "email", "role", "addedAt"])),
        .init(method: "post", path: "/api/projects/{projectId}/members", summary: "Add a member", tag: "members", body: .json("AddMember"),
              success: "201", responses: conflict.merging(unsupported) { $1 }),
        .init(method: "patch", path: "/api/projects/{projectId}/members/{userId}", summary: "Change a member's role", tag: "members",
              body: .json("ChangeRole"), responses: conflict.merging(unsupported) { $1 }),
        .init(method: "delete", path: "/api/projects/{projectId}/members/{userId}", summary: "Remove a member", tag: "members",
              success: "204", produces: .empty, responses: conflict),
        .init(method: "get", path: "/api/projects/{projectId}/audit", summary: "Audit log, newest first (owners)", tag: "audit",
              parameters: list(sortable: ["at", "action"])),
        .init(method: "get", path: "/api/projects/{projectId}/audit.csv", summary: "Audit log as CSV (owners)", tag: "audit", produces: .csv),
    ]

    static let files: [OpenAPIEndpoint] = [
        .init(method: "get", path: "/api/projects/{projectId}/files", summary: "List files", tag: "files",
              parameters: list(sortable: ["name", "size", "createdAt", "updatedAt", "folder"]) + [
                  .query("deleted", "`true` lists the bin (viewers and up).", values: ["true", "false"], example: "false"),
                  .query("folder", "Only this folder (`a/b`); empty for the top.", example: "contracts"),
              ]),
        .init(method: "post", path: "/api/projects/{projectId}/files", summary: "Upload a file: the raw bytes as the body", tag: "files",
              body: .binary, success: "201", produces: .json("File"),
              parameters: [
                  .query("name", "The file's name (required; no slashes or control characters).", example: "contract.pdf"),
                  .query("folder", "The folder (`a/b`); empty for the top.", example: "contracts"),
              ], responses: conflict.merging(unsupported) { $1 }),
        .init(method: "get", path: "/api/projects/{projectId}/files/{fileId}", summary: "File metadata and versions", tag: "files"),
        .init(method: "delete", path: "/api/projects/{projectId}/files/{fileId}", summary: "Soft-delete a file (its links stop working)", tag: "files",
              success: "204", produces: .empty, responses: conflict),
        .init(method: "post", path: "/api/projects/{projectId}/files/{fileId}/restore", summary: "Restore a deleted file", tag: "files",
              produces: .json("File"), responses: conflict),
        .init(method: "get", path: "/api/projects/{projectId}/files/{fileId}/content", summary: "Download (streamed, HTTP Range)", tag: "files",
              produces: .file, parameters: downloadHeaders, responses: downloadResponses),
        .init(method: "get", path: "/api/projects/{projectId}/files/{fileId}/versions", summary: "List versions", tag: "files"),
        .init(method: "post", path: "/api/projects/{projectId}/files/{fileId}/versions", summary: "Upload a new version: the raw bytes as the body",
              tag: "files", body: .binary, success: "201", produces: .json("File"), responses: conflict.merging(unsupported) { $1 }),
        .init(method: "get", path: "/api/projects/{projectId}/files/{fileId}/versions/{version}/content", summary: "Download one version",
              tag: "files", produces: .file, parameters: downloadHeaders, responses: downloadResponses),
    ]

    static let uploads: [OpenAPIEndpoint] = [
        .init(method: "post", path: "/api/projects/{projectId}/uploads", summary: "Start a resumable upload in parts", tag: "uploads",
              body: .json("StartUpload"), success: "201", responses: conflict.merging(unsupported) { $1 }),
        .init(method: "get", path: "/api/projects/{projectId}/uploads/{uploadId}", summary: "Parts received so far", tag: "uploads"),
        .init(method: "put", path: "/api/projects/{projectId}/uploads/{uploadId}/parts/{partNumber}", summary: "Send (or re-send) one part: raw bytes",
              tag: "uploads", body: .binary, responses: conflict),
        .init(method: "get", path: "/api/projects/{projectId}/uploads/{uploadId}/parts/{partNumber}/url",
              summary: "Presigned URL to PUT a part straight to S3 (direct uploads)", tag: "uploads",
              responses: ["409": "Not a direct upload: send the part to the service."]),
        .init(method: "post", path: "/api/projects/{projectId}/uploads/{uploadId}/complete",
              summary: "Join the parts into the file (direct uploads: send the parts' ETags)", tag: "uploads",
              body: .json("CompleteUpload"), success: "201", produces: .json("File"), responses: conflict.merging(unsupported) { $1 }),
        .init(method: "delete", path: "/api/projects/{projectId}/uploads/{uploadId}", summary: "Abort an upload", tag: "uploads",
              success: "204", produces: .empty, responses: conflict),
    ]

    static let links: [OpenAPIEndpoint] = [
        .init(method: "get", path: "/api/projects/{projectId}/links", summary: "List share links (a link locked by password guesses says until when)",
              tag: "links", parameters: list(sortable: ["createdAt", "expiresAt", "label"])),
        .init(method: "post", path: "/api/projects/{projectId}/links", summary: "Create a share link (token shown once)", tag: "links",
              body: .json("CreateLink"), success: "201", responses: conflict.merging(unsupported) { $1 }),
        .init(method: "delete", path: "/api/projects/{projectId}/links/{linkId}", summary: "Revoke a share link at once", tag: "links",
              success: "204", produces: .empty),
        .init(method: "post", path: "/api/projects/{projectId}/links/{linkId}/unlock",
              summary: "Unlock a link that wrong passwords locked (LINK_PASSWORD_ATTEMPTS): forget its failed guesses, audited as `link.unlocked`",
              tag: "links", success: "204", produces: .empty, responses: conflict),
    ]

    static let share: [OpenAPIEndpoint] = [
        .init(method: "get", path: "/api/share/{token}", summary: "What a share link shows", tag: "share", authenticated: false,
              parameters: sharePassword, responses: shareResponses),
        .init(method: "get", path: "/api/share/{token}/files/{fileId}", summary: "Download through a share link (counted by what is sent)",
              tag: "share", authenticated: false, produces: .file, parameters: sharePassword + downloadHeaders,
              responses: shareResponses.merging(downloadResponses) { $1 }.merging(["403": "Downloads are turned off for this link."]) { $1 }),
        .init(method: "get", path: "/s/{token}", summary: "A share link's page (the password form if protected)", tag: "share",
              authenticated: false, produces: .html, parameters: sharePassword, responses: shareResponses),
        .init(method: "post", path: "/s/{token}", summary: "The password form: on success a cookie unlocking the link for an hour", tag: "share",
              authenticated: false, body: .form(["password"]), success: "303", produces: .empty,
              responses: shareResponses.merging(["401": "Wrong password (HTML page)."]) { $1 }),
        .init(method: "get", path: "/s/{token}/files/{fileId}", summary: "Download from a share link's page", tag: "share", authenticated: false,
              produces: .file, parameters: sharePassword + downloadHeaders,
              responses: shareResponses.merging(downloadResponses) { $1 }.merging(["403": "Downloads are turned off for this link."]) { $1 }),
    ]

    static let web: [OpenAPIEndpoint] = [
        .init(method: "get", path: "/", summary: "The caller's projects (web page)", tag: "web", produces: .html,
              parameters: list(sortable: ["name", "createdAt", "updatedAt"]), responses: toLogin),
        .init(method: "get", path: "/login", summary: "Log-in page", tag: "web", authenticated: false, produces: .html),
        .init(method: "get", path: "/setup", summary: "First administrator's set-up page", tag: "web", authenticated: false, produces: .html,
              parameters: [.query("token", "The one-time set-up token printed at first start.", example: "token")]),
        .init(method: "get", path: "/projects/{projectId}", summary: "A project's files, members and links (web page)", tag: "web",
              produces: .html, responses: toLogin.merging(["404": "No such project for this caller (HTML page)."]) { $1 }),
        .init(method: "get", path: "/projects/{projectId}/audit", summary: "A project's audit log (web page, owners)", tag: "web",
              produces: .html, parameters: list(sortable: ["at", "action"]),
              responses: toLogin.merging(["404": "No such project for this caller, or not its owner (HTML page)."]) { $1 }),
        .init(method: "get", path: "/static/app.js", summary: "The web pages' script", tag: "web", authenticated: false, produces: .javascript),
        .init(method: "get", path: "/static/app.css", summary: "The web pages' styles", tag: "web", authenticated: false, produces: .css),
    ]
}
