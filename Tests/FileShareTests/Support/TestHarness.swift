import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SQLKit
@testable import FileShare

/// A complete service on a fresh database and a temporary data directory, driven through its
/// router without a network.
struct TestHarness: Sendable {
    let services: AppServices
    let dataDirectory: String
    let drop: @Sendable () async -> Void

    static func make(_ backend: Backend, databaseURL: String? = nil, blobStore: (any BlobStore)? = nil, clock: AppClock = .system,
                     configure: (inout AppConfiguration) -> Void = { _ in }) async throws -> TestHarness {
        var (url, drop): (String, @Sendable () async -> Void) = (databaseURL ?? "", {})
        if databaseURL == nil { (url, drop) = try await backend.makeDatabaseURL() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fileshare-test-" + UUID().uuidString).path
        var configuration = AppConfiguration()
        configuration.databaseURL = url
        configuration.dataDirectory = directory
        configuration.jwtSecret = "test-secret-0123456789-0123456789-0123456789"
        configuration.bcryptCost = 4
        configure(&configuration)
        var logger = Logger(label: "fileshare-test")
        logger.logLevel = .warning
        let services = try await FileShareApp.makeServices(configuration: configuration, logger: logger, blobStore: blobStore, clock: clock)
        return TestHarness(services: services, dataDirectory: directory, drop: drop)
    }

    func close() async {
        await services.passwords.shutdown()
        try? await services.database.close()
        try? FileManager.default.removeItem(atPath: dataDirectory)
        await drop()
    }

    /// Runs `body` against a fresh service and always cleans up.
    static func run(_ backend: Backend, blobStore: (any BlobStore)? = nil, clock: AppClock = .system,
                    configure: (inout AppConfiguration) -> Void = { _ in },
                    _ body: @Sendable (TestHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try await make(backend, blobStore: blobStore, clock: clock, configure: configure)
        do {
            var logger = Logger(label: "fileshare-test")
            logger.logLevel = .warning
            try await Application(router: FileShareApp.makeRouter(services: harness.services), logger: logger).test(.router) { client in try await body(harness, client) }
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }

    // MARK: - Fixtures

    /// Creates an account directly and returns it with a valid access token.
    func user(_ email: String, kind: UserKind = .staff, admin: Bool = false) async throws -> (user: User, token: String) {
        let hash = try await services.passwords.hash("password-123")
        let user = try await services.users.create(email: email, name: email.split(separator: "@").first.map(String.init) ?? email,
                                                   passwordHash: hash, kind: kind, isAdmin: admin)
        return (user, try await token(for: user))
    }

    func token(for user: User) async throws -> String {
        let session = try await services.sessions.create(userId: user.id, ip: "test")
        return try await services.tokens.issue(userId: user.id, sessionId: session.id).accessToken
    }

    /// Stores `data` as a file of the project, as an upload would.
    func file(_ name: String, in projectId: String, folder: String = "", data: String = "hello", by userId: String) async throws -> StoredFile {
        let blob = try await services.blobs.store(BufferSequence(buffers: [ByteBuffer(string: data)]), limit: .max)
        return try await services.files.createFile(projectId: projectId, folder: folder, name: name,
                                                   contentType: "text/plain", blob: blob, createdBy: userId)
    }
}

/// A fixed sequence of buffers as an async body.
struct BufferSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffers: [ByteBuffer]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: [ByteBuffer]
        mutating func next() async throws -> ByteBuffer? { remaining.isEmpty ? nil : remaining.removeFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: buffers) }
}

// MARK: - Requests

extension TestClientProtocol {
    /// Sends a request with an optional bearer token and a JSON or raw body.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
              body: ByteBuffer? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var payload = body
        if let json {
            headers[.contentType] = headers[.contentType] ?? "application/json"
            payload = ByteBuffer(string: json)
        }
        return try await execute(uri: uri, method: method, headers: headers, body: payload)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder.api.decode(T.self, from: Data(body.readableBytesView))
    }

    /// The `code` of an error response.
    var errorCode: String? { try? decode(ErrorBody.self).error.code }
}

/// The JSON of a value for a request body.
func json(_ object: [String: Any]) -> String {
    String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
}

extension TestHarness {
    /// A staff owner with a project, the most common starting point.
    func ownerWithProject(_ email: String = "owner@example.com") async throws -> (user: User, token: String, project: Project) {
        let (user, token) = try await user(email)
        let project = try await services.projects.create(name: "ACME Contract Renewal", description: "Q3 deal", createdBy: user.id)
        return (user, token, project)
    }
}
