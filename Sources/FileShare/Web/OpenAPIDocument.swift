import Foundation
import HTTPTypes

/// The OpenAPI 3.1 document at `/openapi.json`, rendered from ``OpenAPIEndpoint/all``: the JSON API,
/// the share routes and the web pages, each with its parameters, body and every status it answers.
enum OpenAPIDocument {
    static var endpoints: [OpenAPIEndpoint] { OpenAPIEndpoint.all }

    static var schemas: [String: Any] { [
        "Error": ["type": "object", "required": ["error"],
                  "description": "The body of every 4xx and 5xx answer of the API: a stable `code` to switch on, a sentence saying what went wrong and how to fix it, and context values (a 500 gives `requestId`).",
                  "properties": ["error": ["type": "object", "required": ["code", "message"], "properties": [
            "code": ["type": "string"], "message": ["type": "string"], "context": ["type": "object", "additionalProperties": ["type": "string"]]]]]],
        "LoginRequest": object(["email": "string", "password": "string", "setCookie": "boolean"], required: ["email", "password"]),
        "LoginResponse": ["type": "object", "required": ["accessToken", "tokenType", "expiresAt", "user"], "properties": [
            "accessToken": ["type": "string"], "tokenType": ["type": "string", "enum": ["Bearer"]],
            "expiresAt": ["type": "string", "format": "date-time"], "user": ["$ref": "#/components/schemas/User"]]],
        "User": ["type": "object", "properties": [
            "id": ["type": "string"], "email": ["type": "string"], "name": ["type": "string"],
            "kind": ["type": "string", "enum": UserKind.allCases.map(\.rawValue)], "isAdmin": ["type": "boolean"],
            "createdAt": ["type": "string", "format": "date-time"]]],
        "Project": ["type": "object", "properties": [
            "id": ["type": "string"], "name": ["type": "string"], "description": ["type": "string"],
            "status": ["type": "string", "enum": ["active", "archived"]], "createdBy": ["type": "string"],
            "createdAt": ["type": "string", "format": "date-time"], "updatedAt": ["type": "string", "format": "date-time"],
            "role": ["type": "string", "enum": Role.allCases.map(\.rawValue)]]],
        "File": ["type": "object", "properties": [
            "id": ["type": "string"], "projectId": ["type": "string"], "folder": ["type": "string"], "name": ["type": "string"],
            "contentType": ["type": "string"], "size": ["type": "integer"], "sha256": ["type": "string"], "version": ["type": "integer"],
            "createdBy": ["type": "string"], "createdAt": ["type": "string", "format": "date-time"],
            "updatedAt": ["type": "string", "format": "date-time"], "deletedAt": ["type": ["string", "null"], "format": "date-time"]]],
        "Readiness": object(["database": "boolean", "files": "boolean", "draining": "boolean"], required: ["database", "files", "draining"]),
        "SetupRequest": object(["token": "string", "email": "string", "name": "string", "password": "string"], required: ["token", "email", "name", "password"]),
        "CreateUser": ["type": "object", "required": ["email", "name", "password"], "properties": [
            "email": ["type": "string"], "name": ["type": "string"], "password": ["type": "string", "minLength": 10],
            "kind": ["type": "string", "enum": UserKind.allCases.map(\.rawValue)], "isAdmin": ["type": "boolean"]]],
        "ChangePassword": object(["currentPassword": "string", "newPassword": "string"], required: ["currentPassword", "newPassword"]),
        "CreateProject": object(["name": "string", "description": "string"], required: ["name"]),
        "UpdateProject": object(["name": "string", "description": "string"], required: []),
        "AddMember": ["type": "object", "required": ["email", "role"], "properties": [
            "email": ["type": "string"], "role": ["type": "string", "enum": Role.allCases.map(\.rawValue)]]],
        "ChangeRole": ["type": "object", "required": ["role"], "properties": ["role": ["type": "string", "enum": Role.allCases.map(\.rawValue)]]],
        "StartUpload": object(["name": "string", "folder": "string", "contentType": "string", "fileId": "string", "direct": "boolean"], required: []),
        "CompleteUpload": ["type": "object", "properties": ["parts": ["type": "array", "items": object(["partNumber": "integer", "eTag": "string"],
                                                                                                       required: ["partNumber", "eTag"])]]],
        "CreateLink": object(["fileId": "string", "folder": "string", "label": "string", "expiresInDays": "integer",
                              "password": "string", "maxDownloads": "integer", "allowDownload": "boolean"], required: []),
    ] }

    static func object(_ properties: [String: String], required: [String]) -> [String: Any] {
        ["type": "object", "required": required, "properties": properties.mapValues { ["type": $0] }]
    }

    static func content(_ produces: OpenAPIEndpoint.Produces) -> [String: Any]? {
        func media(_ type: String, _ schema: [String: Any] = ["type": "string"]) -> [String: Any] { [type: ["schema": schema]] }
        switch produces {
        case .json(let name?): return media("application/json", ["$ref": "#/components/schemas/\(name)"])
        case .json(nil): return media("application/json", ["type": "object"])
        case .html: return media("text/html")
        case .csv: return media("text/csv")
        case .text: return media("text/plain")
        case .javascript: return media("text/javascript")
        case .css: return media("text/css")
        case .file: return media("application/octet-stream", ["type": "string", "format": "binary"])
        case .empty: return nil
        }
    }

    static var text: [String: Any] { ["schema": ["type": "string"]] }
    /// What every download answer carries, to resume it and check it.
    static var downloadHeaders: [String: Any] { ["ETag": text, "Accept-Ranges": text, "Content-Disposition": text] }

    /// Every route reads it: the caller's request ID for logs and the audit log (echoed in the answer).
    static let requestID = OpenAPIEndpoint.Parameter.header(
        "X-Request-ID", "The caller's ID for this request (1 to 64 letters, digits, `-` and `_`), used in logs and the audit log "
            + "and echoed in the answer; a fresh one is made otherwise.", example: "req-1")

    /// Every route reads it when TRUSTED_PROXY_HOPS (or TRUST_FORWARDED_FOR) is set: the caller's
    /// address for limits, logs and the audit log.
    static let forwardedFor = OpenAPIEndpoint.Parameter.header(
        "X-Forwarded-For", "Read only when TRUSTED_PROXY_HOPS > 0 (or TRUST_FORWARDED_FOR=1): the client's address is the entry the "
            + "outermost trusted proxy appended, counted from the right, and it must be an IPv4 or IPv6 address (otherwise the "
            + "connection's address is used). It keys the password limits and is stored in the logs and the audit log; "
            + "entries further left, which the client wrote, are ignored.", example: "198.51.100.7")

    static func parameter(_ parameter: OpenAPIEndpoint.Parameter) -> [String: Any] {
        var schema: [String: Any] = ["type": parameter.type]
        if let values = parameter.values { schema["enum"] = values }
        if let minimum = parameter.minimum { schema["minimum"] = minimum }
        if let maximum = parameter.maximum { schema["maximum"] = maximum }
        return ["name": parameter.name, "in": parameter.location.rawValue, "required": false,
                "description": parameter.description, "schema": schema]
    }

    static func operation(_ endpoint: OpenAPIEndpoint) -> [String: Any] {
        var responses: [String: Any] = [:]
        var success: [String: Any] = ["description": "Success"]
        if let content = content(endpoint.produces) { success["content"] = content }
        if endpoint.success == "303" { success["headers"] = ["Location": ["schema": ["type": "string"]]] }
        if case .file = endpoint.produces { success["headers"] = downloadHeaders.merging(["X-Checksum-SHA256": text]) { $1 } }
        responses[endpoint.success] = success
        let error: [String: Any] = ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]
        for (code, why) in endpoint.responseCodes {
            var response: [String: Any] = ["description": why]
            if code.hasPrefix("4") || code.hasPrefix("5") { response["content"] = error }
            // A browser on a web page gets these as a small HTML page (``WebErrorPageMiddleware``).
            if WebErrorPageMiddleware.statuses.contains(where: { String($0.code) == code }) && WebErrorPageMiddleware.isWebPath(endpoint.path) {
                response["content"] = content(.html)
            }
            if code == "206" {
                response["content"] = content(.file)
                response["headers"] = downloadHeaders.merging(["Content-Range": text]) { $1 }
            }
            if code == "302" { response["headers"] = ["Location": text] }
            if code == "416" { response["headers"] = ["Content-Range": text] }
            if code == "405" { response["headers"] = ["Allow": ["schema": ["type": "string"]]] }
            if code == "429" || code == "503" { response["headers"] = ["Retry-After": ["schema": ["type": "integer"]]] }
            responses[code] = response
        }
        var operation: [String: Any] = [
            "summary": endpoint.summary, "tags": [endpoint.tag],
            "operationId": endpoint.method + (endpoint.path == "/" ? "_root" : endpoint.path.replacingOccurrences(of: "/", with: "_"))
                .replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "").replacingOccurrences(of: ".", with: "_"),
            "responses": responses,
        ]
        if !endpoint.authenticated { operation["security"] = [[String: Any]]() }
        let pathParameters = endpoint.path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
            ["name": String($0.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]] as [String: Any]
        }
        let parameters = pathParameters + (endpoint.parameters + [requestID, forwardedFor]).map(parameter)
        if !parameters.isEmpty { operation["parameters"] = parameters }
        switch endpoint.body {
        case .json(let name):
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(name)"]]]]
        case .binary:
            operation["requestBody"] = ["required": true, "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]]]
        case .form(let fields):
            operation["requestBody"] = ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": [
                "type": "object", "required": fields, "properties": Dictionary(uniqueKeysWithValues: fields.map { ($0, ["type": "string"]) })]]]]
        case nil:
            break
        }
        return operation
    }

    static func json() -> Data {
        var paths: [String: [String: Any]] = [:]
        for endpoint in endpoints {
            paths[endpoint.path, default: [:]][endpoint.method] = operation(endpoint)
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "FileShare API", "version": "1.0.0",
                     "description": """
                         Share files and contracts per project with customers and partners. Every GET also answers HEAD \
                         (headers only; a HEAD of a download is not a download). The web pages and the share routes are \
                         listed too (tags `web` and `share`).
                         """],
            "paths": paths,
            "security": [["bearer": [String]()], ["session": [String]()]],
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"],
                    "session": ["type": "apiKey", "in": "cookie", "name": AuthenticationMiddleware.cookieName,
                                "description": "The browser's session cookie; changes through the API also need the header `X-CSRF: 1`."],
                ],
                "schemas": schemas,
            ],
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
