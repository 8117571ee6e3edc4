import Foundation
import Hashing
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import TestSupport
import Testing
@testable import FileShare

/// The OpenAPI document the app serves against the router itself: the same routes and methods,
/// the same path parameters, and, per route, exactly the query parameters, headers and cookies the
/// handler reads when it is called (recorded through `RequestInputLog`), plus the answers every
/// route can give. Then the document against the OpenAPI 3.1 schema.
@Suite("OpenAPI document completeness")
struct OpenAPICompletenessTests {
    static let sharePassword = "open sesame"

    struct Route: Hashable, CustomStringConvertible {
        let method: String
        let path: String
        var description: String { "\(method.uppercased()) \(path)" }
        var pathParameters: [String] {
            path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
        }
    }

    /// The routes the router serves (HEAD is generated for every GET when the responder is built).
    static func servedRoutes(_ services: AppServices) -> Set<Route> {
        Set(FileShareApp.makeRouter(services: services).routes.map { Route(method: $0.method.rawValue.lowercased(), path: "\($0.path)") })
    }

    static func document(_ client: any TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.send(.get, "/openapi.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    static func operations(_ document: [String: Any]) throws -> [Route: [String: Any]] {
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        var operations: [Route: [String: Any]] = [:]
        for (path, methods) in paths {
            for (method, operation) in methods { operations[Route(method: method, path: path)] = operation }
        }
        return operations
    }

    /// One project with something for every route to act on, an administrator who owns it, and a
    /// share link with a password.
    static func fixture(_ harness: TestHarness) async throws -> (values: [String: String], token: String) {
        let services = harness.services
        let unique = UUID().uuidString.prefix(8).lowercased()
        let (owner, token) = try await harness.user("owner-\(unique)@example.com", admin: true)
        let target = try await harness.user("target-\(unique)@example.com").user
        let project = try await services.projects.create(name: "Routes \(unique)", description: "", createdBy: owner.id)
        try await services.members.add(projectId: project.id, userId: target.id, role: .viewer)
        let file = try await harness.file("a.txt", in: project.id, by: owner.id)
        let upload = try await services.uploads.create(projectId: project.id, fileId: nil, folder: "", name: "parts.bin",
                                                       contentType: "application/octet-stream", createdBy: owner.id)
        let part = try await services.blobs.store(BufferSequence(buffers: [ByteBuffer(string: "part one")]), limit: .max)
        _ = try await services.uploads.putPart(uploadId: upload.id, part: UploadPart(partNumber: 1, size: part.size, sha256: part.sha256, blobKey: part.key))
        let shareToken = RandomToken.make()
        let link = ShareLink(id: Identifier.make(), projectId: project.id, fileId: file.id, folder: nil, label: "", expiresAt: Date().addingTimeInterval(3600),
                             maxDownloads: nil, downloadCount: 0, allowDownload: true, createdBy: owner.id, createdAt: Date(), revokedAt: nil,
                             passwordHash: try await services.passwords.hash(sharePassword))
        try await services.shareLinks.create(link, tokenHash: SHA256.hex(of: shareToken))
        return (["projectId": project.id, "fileId": file.id, "version": "1", "uploadId": upload.id, "partNumber": "1",
                 "linkId": link.id, "userId": target.id, "token": shareToken], token)
    }

    /// The documented query parameters, headers and cookies of an operation, as "query name" etc.
    static func documentedInputs(_ operation: [String: Any]) -> Set<String> {
        let parameters = operation["parameters"] as? [[String: Any]] ?? []
        return Set(parameters.compactMap { parameter -> String? in
            guard let location = parameter["in"] as? String, location != "path", let name = parameter["name"] as? String else { return nil }
            return "\(location) \(location == "header" ? name.lowercased() : name)"
        })
    }

    @Test("every served route, method and path parameter is in the document, and nothing else is", arguments: [Backend.sqlite])
    func routesMatch(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let served = Self.servedRoutes(harness.services)
            let documented = try Self.operations(try await Self.document(client))
            #expect(served.count >= 55, "the router lists \(served.count) routes")
            let undocumented = served.subtracting(documented.keys).sorted { $0.description < $1.description }
            let unserved = Set(documented.keys).subtracting(served).sorted { $0.description < $1.description }
            #expect(undocumented.isEmpty, "served but not in the document: \(undocumented)")
            #expect(unserved.isEmpty, "in the document but not served: \(unserved)")
            let operationIds = documented.values.compactMap { $0["operationId"] as? String }
            #expect(Set(operationIds).count == documented.count, "operationIds are not unique")
            for (route, operation) in documented {
                let parameters = operation["parameters"] as? [[String: Any]] ?? []
                let pathParameters = parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
                #expect(pathParameters == route.pathParameters, "\(route): path parameters \(pathParameters)")
                let responses = try #require(operation["responses"] as? [String: Any], "\(route) has no responses")
                #expect(responses["405"] != nil && responses["500"] != nil && responses["503"] != nil, "\(route) lacks 405, 500 or 503")
                // Every error answer has a body: the shared Error schema, or a small HTML page for a browser on a web page.
                for (code, response) in responses where code.hasPrefix("4") || code.hasPrefix("5") {
                    let content = (response as? [String: Any])?["content"] as? [String: Any] ?? [:]
                    let schema = ((content["application/json"] as? [String: Any])?["schema"] as? [String: Any])?["$ref"] as? String
                    let isWebPage = !route.path.hasPrefix("/api/") && !Self.operationsPaths.contains(route.path)
                    if isWebPage && (code == "404" || code == "405") {
                        #expect(content.keys.sorted() == ["text/html"], "\(route) \(code): \(content.keys.sorted())")
                    } else {
                        #expect(schema == "#/components/schemas/Error", "\(route) \(code) does not use the Error schema")
                    }
                }
                // Read only behind trusted proxies, and then by every route (the address is resolved once per request).
                #expect(Self.documentedInputs(operation).contains("header x-forwarded-for"), "\(route) does not document X-Forwarded-For")
                let isPublic = (operation["security"] as? [Any])?.isEmpty == true
                if !isPublic && route.path.hasPrefix("/api/") {
                    #expect(responses["401"] != nil, "\(route) needs a login but does not document 401")
                }
                if operation["requestBody"] != nil { #expect(responses["413"] != nil, "\(route) takes a body but does not document 413") }
            }
        }
    }

    static let operationsPaths: Set<String> = ["/healthz", "/readyz", "/metrics", "/openapi.json"]

    @Test("each route's handler reads exactly the query parameters, headers and cookies the document lists (X-Forwarded-For only behind trusted proxies)",
          arguments: [0, 1])
    func inputsMatch(trustedProxyHops: Int) async throws {
        try await TestHarness.run(.sqlite, configure: { $0.trustedProxyHops = trustedProxyHops }) { harness, client in
            let documented = try Self.operations(try await Self.document(client))
            var mismatches: [String] = []
            for route in Self.servedRoutes(harness.services).sorted(by: { $0.description < $1.description }) {
                guard let operation = documented[route] else {
                    mismatches.append("\(route) is not documented")
                    continue
                }
                let (values, token) = try await Self.fixture(harness)
                var path = route.path
                for (name, value) in values { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
                var query: [String] = []
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                for parameter in operation["parameters"] as? [[String: Any]] ?? [] {
                    guard let name = parameter["name"] as? String else { continue }
                    let example = Self.example(route: route, parameter: name)
                    switch parameter["in"] as? String {
                    case "query": query.append("\(name)=\(example.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
                    case "header": headers[HTTPField.Name(name)!] = example
                    default: break
                    }
                }
                let content = ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?.keys.first
                var body: ByteBuffer?
                switch content {
                case "application/json"?: body = ByteBuffer(string: "{}")
                case "application/octet-stream"?: body = ByteBuffer(string: "some bytes")
                case "application/x-www-form-urlencoded"?: body = ByteBuffer(string: "password=open%20sesame")
                default: break
                }
                if let content { headers[.contentType] = content }
                let uri = path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
                let log = RequestInputLog()
                let response = try await RequestInputLog.$current.withValue(log) {
                    try await client.send(HTTPRequest.Method(route.method.uppercased())!, uri, body: body, headers: headers)
                }
                var read = Set(log.recorded.map { "\($0.kind.rawValue) \($0.name)" })
                // Content-Type and Content-Length of a body are the request body's description.
                if content != nil { read.subtract(["header content-type", "header content-length"]) }
                var listed = Self.documentedInputs(operation)
                if trustedProxyHops == 0 { listed.remove("header x-forwarded-for") }
                let unlisted = read.subtracting(listed).sorted()
                let unread = listed.subtracting(read).sorted()
                if !unlisted.isEmpty || !unread.isEmpty {
                    mismatches.append("\(route) (answered \(response.status.code)): read but not documented \(unlisted); documented but not read \(unread)")
                }
            }
            #expect(mismatches.isEmpty, Comment(rawValue: mismatches.joined(separator: "\n")))
        }
    }

    @Test("handlers read query parameters, headers and cookies only through the recorded accessors")
    func noUnrecordedReads() throws {
        // Otherwise a read would escape `RequestInputLog` and the test above could not see it.
        let sources = ProjectPaths.root.appendingPathComponent("Sources/FileShare")
        var offenders: [String] = []
        // HTTP too: the client address (`X-Forwarded-For`) is read there, by middleware, for every route.
        for folder in ["Controllers", "Web", "Repositories", "Access", "HTTP"] {
            let directory = sources.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".swift") && name != "RequestInputs.swift" {
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.contains("queryParameters") || line.contains("request.headers") || line.contains("request.cookies") {
                    offenders.append("\(folder)/\(name):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offenders.isEmpty, "read with request.query/header/cookie instead:\n\(offenders.joined(separator: "\n"))")
    }

    /// A value each parameter accepts: the document's examples are not served, so they are chosen here.
    static func example(route: Route, parameter: String) -> String {
        switch parameter {
        case "X-Share-Password": return sharePassword
        case "Range": return "bytes=0-1"
        case "X-Request-ID": return "completeness-test"
        case "X-Forwarded-For": return "203.0.113.7, 198.51.100.7"
        case "If-Range", "If-None-Match": return "\"not-this-version\""
        case "page", "perPage": return "1"
        case "q": return "a"
        case "order": return "asc"
        case "deleted": return "false"
        case "folder": return ""
        case "name": return "new.txt"
        case "status": return "active"
        case "token": return "setup-token"
        case "sort":
            return route.path.hasSuffix("/audit") ? "at" : route.path.hasSuffix("/links") ? "createdAt" : "name"
        default: return "x"
        }
    }

    @Test("a 500 answers with a body that the document's shared Error schema accepts, and the schema does refuse other bodies")
    func serverErrorMatchesTheErrorSchema() async throws {
        try await TestHarness.run(.sqlite) { harness, client in
            let document = try await Self.document(client)
            let operation = try #require(try Self.operations(document)[Route(method: "get", path: "/api/projects")])
            let documented = try #require((operation["responses"] as? [String: Any])?["500"] as? [String: Any], "GET /api/projects lacks 500")
            let reference = (((documented["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])?["$ref"] as? String
            #expect(reference == "#/components/schemas/Error")
            let schema = try #require(((document["components"] as? [String: Any])?["schemas"] as? [String: Any])?["Error"] as? [String: Any])

            // A table the handler needs is gone: an unexpected failure, not one of the handlers' errors.
            let (_, token) = try await harness.user("ann@example.com")
            try await harness.services.database.sql.raw("ALTER TABLE projects RENAME TO projects_gone").run()
            let failed = try await client.send(.get, "/api/projects", token: token, headers: [.xRequestID: "boom-1"])
            #expect(failed.status == .internalServerError)
            #expect(failed.headers[.contentType] == "application/json; charset=utf-8")
            #expect(!failed.text.lowercased().contains("projects"), "the 500 leaks internals: \(failed.text)")

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-500-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let schemaFile = folder.appendingPathComponent("error-schema.json")
            try JSONSerialization.data(withJSONObject: schema.merging(["$schema": "https://json-schema.org/draft/2020-12/schema"]) { $1 })
                .write(to: schemaFile)
            let body = folder.appendingPathComponent("500.json")
            try Data(failed.body.readableBytesView).write(to: body)
            let accepted = try await runProcess(ProjectPaths.venvTool("check-jsonschema"), ["--schemafile", schemaFile.path, body.path])
            #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
            #expect(try failed.decode(ErrorBody.self).error.context?["requestId"] == "boom-1")

            let other = folder.appendingPathComponent("other.json")
            try Data(#"{"message":"no"}"#.utf8).write(to: other)
            let refused = try await runProcess(ProjectPaths.venvTool("check-jsonschema"), ["--schemafile", schemaFile.path, other.path])
            #expect(refused.status != 0, "\(refused.stdout)")
        }
    }

    @Test("the document is valid against the OpenAPI 3.1 schema, which does catch a broken one")
    func validAgainstTheSchema() async throws {
        try await TestHarness.run(.sqlite) { _, client in
            let document = try await Self.document(client)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let schema = ProjectPaths.testData("openapi/oas-3.1-schema.yaml").path
            let good = folder.appendingPathComponent("openapi.json")
            try JSONSerialization.data(withJSONObject: document).write(to: good)
            let result = try await runProcess(ProjectPaths.venvTool("check-jsonschema"), ["--schemafile", schema, good.path])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("ok -- validation done"), "\(result.stdout)")

            // A parameter in the body (OpenAPI 2 style) and an operation without responses must fail.
            var broken = document
            var paths = try #require(broken["paths"] as? [String: [String: [String: Any]]])
            paths["/api/me"]?["get"]?["responses"] = nil
            paths["/healthz"]?["get"]?["parameters"] = [["name": "x", "in": "body"]]
            broken["paths"] = paths
            let bad = folder.appendingPathComponent("broken.json")
            try JSONSerialization.data(withJSONObject: broken).write(to: bad)
            let refused = try await runProcess(ProjectPaths.venvTool("check-jsonschema"), ["--schemafile", schema, bad.path])
            #expect(refused.status != 0, "\(refused.stdout)")
        }
    }
}
