import Foundation

/// The OpenAPI document, generated from one table of endpoints so it cannot drift far from the
/// routes (a test checks that every route in the table answers).
enum OpenAPIDocument {
    struct Endpoint {
        let method: String
        let path: String
        let summary: String
        let tag: String
        var authenticated = true
        var body: String?
        var success = "200"
    }

    static var listParameters: [[String: Any]] { [
        ["name": "page", "in": "query", "schema": ["type": "integer", "minimum": 1]],
        ["name": "perPage", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": ListQuery.maxPerPage]],
        ["name": "q", "in": "query", "description": "Keyword search; tolerates partial words and typos.", "schema": ["type": "string"]],
        ["name": "sort", "in": "query", "schema": ["type": "string"]],
        ["name": "order", "in": "query", "schema": ["type": "string", "enum": ["asc", "desc"]]],
    ]
    }

    static let endpoints: [Endpoint] = [
        .init(method: "get", path: "/healthz", summary: "Liveness for the load balancer", tag: "operations", authenticated: false),
        .init(method: "get", path: "/readyz", summary: "Readiness: database and file store reachable", tag: "operations", authenticated: false),
        .init(method: "get", path: "/metrics", summary: "Prometheus metrics", tag: "operations", authenticated: false),
        .init(method: "post", path: "/api/auth/login", summary: "Log in with email and password", tag: "auth", authenticated: false, body: "LoginRequest"),
        .init(method: "post", path: "/api/auth/refresh", summary: "Exchange a valid token for a fresh one within the refresh window", tag: "auth"),
        .init(method: "post", path: "/api/auth/logout", summary: "Revoke the session on every instance", tag: "auth", success: "204"),
        .init(method: "get", path: "/api/me", summary: "The caller's account", tag: "auth"),
        .init(method: "post", path: "/api/setup", summary: "Create the first administrator with the one-time token", tag: "users", authenticated: false, body: "SetupRequest", success: "201"),
        .init(method: "get", path: "/api/users", summary: "List accounts (staff)", tag: "users"),
        .init(method: "post", path: "/api/users", summary: "Create an account (administrators)", tag: "users", body: "CreateUser", success: "201"),
        .init(method: "post", path: "/api/me/password", summary: "Change the caller's password; ends every session and returns a fresh token", tag: "auth", body: "ChangePassword"),
        .init(method: "post", path: "/api/users/{userId}/disable", summary: "Disable an account and end its sessions (administrators)", tag: "users", success: "204"),
        .init(method: "post", path: "/api/users/{userId}/enable", summary: "Re-enable an account (administrators)", tag: "users", success: "204"),
        .init(method: "delete", path: "/api/users/{userId}/sessions", summary: "End every session of an account (administrators)", tag: "users", success: "204"),
        .init(method: "get", path: "/api/projects", summary: "List the caller's projects", tag: "projects"),
        .init(method: "post", path: "/api/projects", summary: "Create a project (staff)", tag: "projects", body: "CreateProject", success: "201"),
        .init(method: "get", path: "/api/projects/{projectId}", summary: "Read a project", tag: "projects"),
        .init(method: "patch", path: "/api/projects/{projectId}", summary: "Rename or describe a project", tag: "projects", body: "UpdateProject"),
        .init(method: "delete", path: "/api/projects/{projectId}", summary: "Delete a project (owners)", tag: "projects", success: "204"),
        .init(method: "post", path: "/api/projects/{projectId}/archive", summary: "Archive (read-only)", tag: "projects"),
        .init(method: "post", path: "/api/projects/{projectId}/unarchive", summary: "Unarchive", tag: "projects"),
        .init(method: "get", path: "/api/projects/{projectId}/members", summary: "List members", tag: "members"),
        .init(method: "post", path: "/api/projects/{projectId}/members", summary: "Add a member", tag: "members", body: "AddMember", success: "201"),
        .init(method: "patch", path: "/api/projects/{projectId}/members/{userId}", summary: "Change a member's role", tag: "members", body: "ChangeRole"),
        .init(method: "delete", path: "/api/projects/{projectId}/members/{userId}", summary: "Remove a member", tag: "members", success: "204"),
        .init(method: "get", path: "/api/projects/{projectId}/files", summary: "List files (deleted=true for the bin)", tag: "files"),
        .init(method: "post", path: "/api/projects/{projectId}/files", summary: "Upload a file: raw body, ?name=&folder=", tag: "files", body: "binary", success: "201"),
        .init(method: "get", path: "/api/projects/{projectId}/files/{fileId}", summary: "File metadata and versions", tag: "files"),
        .init(method: "delete", path: "/api/projects/{projectId}/files/{fileId}", summary: "Soft-delete a file", tag: "files", success: "204"),
        .init(method: "post", path: "/api/projects/{projectId}/files/{fileId}/restore", summary: "Restore a deleted file", tag: "files"),
        .init(method: "get", path: "/api/projects/{projectId}/files/{fileId}/content", summary: "Download (streamed, HTTP Range)", tag: "files"),
        .init(method: "get", path: "/api/projects/{projectId}/files/{fileId}/versions", summary: "List versions", tag: "files"),
        .init(method: "post", path: "/api/projects/{projectId}/files/{fileId}/versions", summary: "Upload a new version: raw body", tag: "files", body: "binary", success: "201"),
        .init(method: "get", path: "/api/projects/{projectId}/files/{fileId}/versions/{version}/content", summary: "Download one version", tag: "files"),
        .init(method: "post", path: "/api/projects/{projectId}/uploads", summary: "Start a resumable upload in parts", tag: "uploads", body: "StartUpload", success: "201"),
        .init(method: "get", path: "/api/projects/{projectId}/uploads/{uploadId}", summary: "Parts received so far", tag: "uploads"),
        .init(method: "put", path: "/api/projects/{projectId}/uploads/{uploadId}/parts/{partNumber}", summary: "Send (or re-send) one part: raw body", tag: "uploads", body: "binary"),
        .init(method: "get", path: "/api/projects/{projectId}/uploads/{uploadId}/parts/{partNumber}/url", summary: "Presigned URL to PUT a part straight to S3 (direct uploads)", tag: "uploads"),
        .init(method: "post", path: "/api/projects/{projectId}/uploads/{uploadId}/complete", summary: "Join the parts into the file (direct uploads: send the parts' ETags)", tag: "uploads", success: "201"),
        .init(method: "delete", path: "/api/projects/{projectId}/uploads/{uploadId}", summary: "Abort an upload", tag: "uploads", success: "204"),
        .init(method: "get", path: "/api/projects/{projectId}/links", summary: "List share links", tag: "links"),
        .init(method: "post", path: "/api/projects/{projectId}/links", summary: "Create a share link (token shown once)", tag: "links", body: "CreateLink", success: "201"),
        .init(method: "delete", path: "/api/projects/{projectId}/links/{linkId}", summary: "Revoke a share link at once", tag: "links", success: "204"),
        .init(method: "get", path: "/api/projects/{projectId}/audit", summary: "Audit log (owners)", tag: "audit"),
        .init(method: "get", path: "/api/projects/{projectId}/audit.csv", summary: "Audit log as CSV (owners)", tag: "audit"),
        .init(method: "get", path: "/api/share/{token}", summary: "What a share link shows (X-Share-Password if protected)", tag: "share", authenticated: false),
        .init(method: "get", path: "/api/share/{token}/files/{fileId}", summary: "Download through a share link", tag: "share", authenticated: false),
    ]

    static var schemas: [String: Any] { [
        "Error": ["type": "object", "required": ["error"], "properties": ["error": ["type": "object", "required": ["code", "message"], "properties": [
            "code": ["type": "string"], "message": ["type": "string"], "context": ["type": "object", "additionalProperties": ["type": "string"]]]]]],
        "LoginRequest": object(["email": "string", "password": "string", "setCookie": "boolean"], required: ["email", "password"]),
        "SetupRequest": object(["token": "string", "email": "string", "name": "string", "password": "string"], required: ["token", "email", "name", "password"]),
        "CreateUser": object(["email": "string", "name": "string", "password": "string", "kind": "string", "isAdmin": "boolean"], required: ["email", "name", "password"]),
        "ChangePassword": object(["currentPassword": "string", "newPassword": "string"], required: ["currentPassword", "newPassword"]),
        "CreateProject": object(["name": "string", "description": "string"], required: ["name"]),
        "UpdateProject": object(["name": "string", "description": "string"], required: []),
        "AddMember": object(["email": "string", "role": "string"], required: ["email", "role"]),
        "ChangeRole": object(["role": "string"], required: ["role"]),
        "StartUpload": object(["name": "string", "folder": "string", "contentType": "string", "fileId": "string", "direct": "boolean"], required: []),
        "CreateLink": object(["fileId": "string", "folder": "string", "label": "string", "expiresInDays": "integer",
                              "password": "string", "maxDownloads": "integer", "allowDownload": "boolean"], required: []),
    ] }

    static func object(_ properties: [String: String], required: [String]) -> [String: Any] {
        ["type": "object", "required": required, "properties": properties.mapValues { ["type": $0] }]
    }

    static func json() -> Data {
        var paths: [String: [String: Any]] = [:]
        for endpoint in endpoints {
            var operation: [String: Any] = [
                "summary": endpoint.summary, "tags": [endpoint.tag],
                "operationId": endpoint.method + endpoint.path.replacingOccurrences(of: "/", with: "_")
                    .replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "").replacingOccurrences(of: ".", with: "_"),
                "responses": [
                    endpoint.success: ["description": "Success"],
                    "4XX": ["description": "A client error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]],
                ],
            ]
            if !endpoint.authenticated { operation["security"] = [[String: Any]]() }
            let parameters = endpoint.path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
                ["name": String($0.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]] as [String: Any]
            }
            let isList = endpoint.method == "get" && ["/api/projects", "/api/users"].contains(endpoint.path)
                || (endpoint.method == "get" && ["members", "files", "links", "audit"].contains(endpoint.path.split(separator: "/").last.map(String.init) ?? ""))
            if !parameters.isEmpty || isList { operation["parameters"] = parameters + (isList ? listParameters : []) }
            if let body = endpoint.body {
                operation["requestBody"] = body == "binary"
                    ? ["required": true, "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]]]
                    : ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(body)"]]]]
            }
            paths[endpoint.path, default: [:]][endpoint.method] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "FileShare API", "version": "1.0.0",
                     "description": "Share files and contracts per project with customers and partners."],
            "paths": paths,
            "security": [["bearer": [String]()]],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
                "schemas": schemas,
            ],
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
