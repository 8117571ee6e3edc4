/// One operation the service answers, as the OpenAPI document describes it. A test drives every
/// route of the router and holds this description to it: the same routes and methods, the same
/// path parameters, and exactly the query parameters, headers and cookies the handler reads.
struct OpenAPIEndpoint: Sendable {
    /// A query parameter, header or cookie the handler reads.
    struct Parameter: Sendable {
        enum Location: String, Sendable { case query, header, cookie }
        let name: String
        let location: Location
        let description: String
        var type = "string"
        var values: [String]?
        var minimum: Int?
        var maximum: Int?
        /// A value the route accepts (the completeness test sends it).
        var example: String

        static func query(_ name: String, _ description: String, type: String = "string", values: [String]? = nil,
                          minimum: Int? = nil, maximum: Int? = nil, example: String) -> Parameter {
            Parameter(name: name, location: .query, description: description, type: type, values: values,
                      minimum: minimum, maximum: maximum, example: example)
        }

        static func header(_ name: String, _ description: String, example: String) -> Parameter {
            Parameter(name: name, location: .header, description: description, example: example)
        }

        static func cookie(_ name: String, _ description: String) -> Parameter {
            Parameter(name: name, location: .cookie, description: description, example: "")
        }
    }

    enum Body: Sendable {
        /// JSON with the named schema of `components.schemas`.
        case json(String)
        /// The file's bytes, as they are.
        case binary
        /// An HTML form (`application/x-www-form-urlencoded`) with these required string fields.
        case form([String])
    }

    /// What a success carries.
    enum Produces: Sendable {
        case json(String?), html, csv, text, javascript, css, file, empty
    }

    let method: String
    let path: String
    let summary: String
    let tag: String
    /// Whether the caller must be signed in (bearer token or session cookie).
    var authenticated = true
    var body: Body?
    var success = "200"
    var produces: Produces = .json(nil)
    var parameters: [Parameter] = []
    /// Answers beyond the ones every route of its kind gives (see `responseCodes`).
    var responses: [String: String] = [:]

    /// Every status the route can answer with, and why.
    var responseCodes: [String: String] {
        var codes = responses
        let hasPathParameters = path.contains("{")
        if hasPathParameters || !parameters.isEmpty || body != nil {
            codes["400"] = "The input is malformed; the error names the field and how to fix it."
        }
        if authenticated && tag != "web" { codes["401"] = "Not signed in, or the token is expired or revoked." }
        if path.hasPrefix("/api/projects/{projectId}") {
            codes["403"] = "The caller's role in the project does not allow this."
            codes["404"] = "No such project for this caller (non-members cannot tell it exists), or no such item in it."
        } else if hasPathParameters {
            codes["404"] = codes["404"] ?? "Nothing with this identifier."
        }
        codes["405"] = "The path exists but does not take this method; `Allow` lists the ones it takes."
        if body != nil { codes["413"] = "The body is larger than the limit (MAX_FILE_SIZE, MAX_PART_SIZE, or the JSON limit)." }
        codes["500"] = "An unexpected failure on the server; nothing internal is shown, and `context.requestId` names the request in the logs."
        codes["503"] = "Overloaded (MAX_CONNECTIONS reached, or the password-hashing queue is full) or shutting down; retry after `Retry-After`."
        return codes
    }
}
