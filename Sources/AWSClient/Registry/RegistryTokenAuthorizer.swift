import FoundationEssentials
import Synchronization

/// Sends registry requests the way `docker` does: with the credentials given (HTTP basic, as
/// ECR wants them, sent at once), and when the registry answers 401 with a Bearer challenge,
/// fetches a token from the challenge's realm (with the basic credentials, if any) and sends
/// the request again with `Authorization: Bearer …`. The token is kept for the next requests
/// and fetched anew when the registry refuses it.
///
/// ```swift
/// let authorizer = RegistryTokenAuthorizer(username: "ci", password: secret)
/// let answer = try await authorizer.send(HTTPRequest(method: "HEAD", url: manifestURL))
/// ```
public final class RegistryTokenAuthorizer: Sendable {
    public let transport: any HTTPTransport
    private let username: String?
    private let password: String?
    private let token = Mutex<String?>(nil)

    public init(transport: any HTTPTransport = CurlTransport.shared, username: String? = nil, password: String? = nil) {
        self.transport = transport
        self.username = username
        self.password = password
    }

    private var basicHeader: String? {
        guard let username, let password else { return nil }
        return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    /// Sends `request` (its `Authorization` set here), answering one Bearer challenge.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        let held = token.withLock { $0 }
        if let held { request.headers["Authorization"] = "Bearer " + held } else { request.headers["Authorization"] = basicHeader }
        let response = try await transport.send(request)
        guard response.status == 401, let header = response.headers["WWW-Authenticate"],
            let challenge = RegistryBearerChallenge(header: header)
        else { return response }
        let fresh = try await fetchToken(challenge, for: request.url)
        token.withLock { $0 = fresh }
        request.headers["Authorization"] = "Bearer " + fresh
        return try await transport.send(request)
    }

    /// `GET realm?service=…&scope=…`, with the basic credentials; the answer's `token` (or `access_token`).
    public func fetchToken(_ challenge: RegistryBearerChallenge, for registryURL: URL) async throws -> String {
        guard var components = URLComponents(string: challenge.realm), let scheme = components.scheme, let host = components.host,
            scheme == "https" || (scheme == "http" && Self.isLoopback(host))
        else {
            throw RegistryAuthError(
                "\(registryURL.host ?? "the registry") sends clients for tokens to '\(challenge.realm)', which is not an https URL"
                    + " (plain http only on 127.0.0.1 or localhost); tenkai does not send credentials there")
        }
        var query = components.queryItems ?? []
        if let service = challenge.service { query.append(URLQueryItem(name: "service", value: service)) }
        if let scope = challenge.scope { query.append(URLQueryItem(name: "scope", value: scope)) }
        components.queryItems = query.isEmpty ? nil : query
        guard let url = components.url else { throw RegistryAuthError("cannot form a token URL from realm '\(challenge.realm)'") }
        var headers = HTTPHeaders()
        headers["Authorization"] = basicHeader
        let answer = try await transport.send(HTTPRequest(method: "GET", url: url, headers: headers, timeout: .seconds(60)))
        guard answer.status == 200 else {
            let who = basicHeader == nil ? "without credentials (set TENKAI_REGISTRY_USERNAME and TENKAI_REGISTRY_PASSWORD)" : "with the credentials given"
            throw RegistryAuthError(
                "the token service \(components.host ?? "") refused a token for \(challenge.scope ?? "the registry") \(who): HTTP \(answer.status) "
                    + String(decoding: answer.body.prefix(300), as: UTF8.self))
        }
        struct Answer: Decodable { var token: String?; var access_token: String? }
        guard let decoded = try? JSONDecoder().decode(Answer.self, from: answer.body), let value = decoded.token ?? decoded.access_token, !value.isEmpty
        else {
            throw RegistryAuthError("the token service \(components.host ?? "") answered without a token (expected JSON with \"token\" or \"access_token\")")
        }
        return value
    }

    static func isLoopback(_ host: String) -> Bool { host == "127.0.0.1" || host == "localhost" || host == "[::1]" || host == "::1" }
}

/// The registry's token flow failed: what was asked, of whom, and what to check.
public struct RegistryAuthError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
