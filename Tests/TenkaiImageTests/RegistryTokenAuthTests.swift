import AWSClient
import Foundation
import TenkaiImage
import TestSupport
import Testing

/// Registries that want a Bearer token (`401` with `WWW-Authenticate: Bearer realm=…,service=…,scope=…`):
/// Debian's docker-registry with `auth: token`, and ``RegistryTokenServer``, a token service made
/// for the test (RS256 JWTs the registry verifies against the test's certificate).
@Suite struct RegistryTokenAuthTests {
    static let login = RegistryTokenServer.Login(username: "ci", password: "s3cret")

    @Test func aPushFetchesATokenWithTheBasicCredentialsAndThePullCheckFindsTheImage() async throws {
        let tokens = try RegistryTokenServer(requiredLogin: Self.login)
        defer { tokens.stop() }
        let registry = try await DockerRegistry.start(configuration: tokens.registryConfiguration)
        defer { registry.stop() }
        // The registry does refuse requests without a token, and names the token service.
        let refused = try await registry.request("GET", "/v2/tenkai/probe/tags/list")
        #expect(refused.status == 401)
        #expect(refused.headers["www-authenticate"]?.hasPrefix("Bearer realm=\"\(tokens.realm)\"") == true)

        let folder = try ImageFixtures.temporaryFolder("token-push")
        defer { try? FileManager.default.removeItem(at: folder) }
        let built = try ImageBuilder().build(try ImageFixtures.recipe(), into: folder.path)
        let image = try PushableImage.load(folder.path)
        let client = RegistryClient(credentials: .basic(username: Self.login.username, password: Self.login.password))
        let pushed = try await client.push(image, to: try ImageReference("\(registry.host)/tenkai/probe:1.0"))
        #expect(pushed.digest == built.manifest.digest)
        #expect(pushed.uploaded.count == 3)

        // Every token was asked for with the credentials, and one covered pushing. The registry
        // names the actions in Go map order ("pull,push" or "push,pull"), so they compare as a set.
        #expect(!tokens.requests.isEmpty)
        #expect(tokens.requests.allSatisfy { $0.username == Self.login.username && $0.granted })
        #expect(tokens.requests.contains { Self.actions(in: $0.scope, for: "repository:tenkai/probe") == ["pull", "push"] })

        // Byte-exact, read back with a token of the test's own.
        let token = try tokens.token(scope: "repository:tenkai/probe:pull")
        let answer = try await registry.request(
            "GET", "/v2/tenkai/probe/manifests/1.0", headers: ["Accept": OCIMediaType.imageManifest, "Authorization": "Bearer \(token)"])
        #expect(answer.status == 200)
        #expect(answer.body == Data(image.manifest))

        // The release's pull check (a HEAD of the manifest) goes through the same token flow.
        let url = try #require(URL(string: "http://\(registry.host)/v2/tenkai/probe/manifests/\(pushed.digest)"))
        var headers = HTTPHeaders()
        headers["Accept"] = OCIMediaType.imageManifest
        let head = try await RegistryTokenAuthorizer(username: Self.login.username, password: Self.login.password)
            .send(HTTPRequest(method: "HEAD", url: url, headers: headers))
        #expect(head.status == 200)
        #expect(head.headers["Docker-Content-Digest"] == pushed.digest)
    }

    /// The actions a token scope grants on one resource (`repository:team/app:pull,push`).
    static func actions(in scope: String, for resource: String) -> Set<String> {
        guard scope.hasPrefix(resource + ":") else { return [] }
        return Set(scope.dropFirst(resource.count + 1).split(separator: ",").map(String.init))
    }

    @Test func wrongOrMissingCredentialsAreRefusedNamingTheTokenService() async throws {
        let tokens = try RegistryTokenServer(requiredLogin: Self.login)
        defer { tokens.stop() }
        let registry = try await DockerRegistry.start(configuration: tokens.registryConfiguration)
        defer { registry.stop() }
        let folder = try ImageFixtures.temporaryFolder("token-refused")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ImageBuilder().build(try ImageFixtures.recipe(), into: folder.path)
        let image = try PushableImage.load(folder.path)

        let anonymous = await #expect(throws: ImageError.self) {
            try await RegistryClient().push(image, to: try ImageReference("\(registry.host)/tenkai/probe:1.0"))
        }
        #expect(anonymous?.description.contains("the token service 127.0.0.1 refused a token") == true)
        #expect(anonymous?.description.contains("TENKAI_REGISTRY_USERNAME") == true)
        let wrong = await #expect(throws: ImageError.self) {
            try await RegistryClient(credentials: .basic(username: "ci", password: "guess")).push(image, to: try ImageReference("\(registry.host)/tenkai/probe:1.0"))
        }
        #expect(wrong?.description.contains("with the credentials given: HTTP 401") == true)
        #expect(tokens.requests.allSatisfy { !$0.granted })
    }

    @Test func challengesAreReadWithQuotedCommasAndARealmMustBeHTTPSOffLoopback() async throws {
        let challenge = try #require(RegistryBearerChallenge(
            header: #"Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull,push""#))
        #expect(challenge == RegistryBearerChallenge(realm: "https://auth.example.com/token", service: "registry.example.com", scope: "repository:team/app:pull,push"))
        #expect(RegistryBearerChallenge(header: #"Basic realm="Registry""#) == nil)
        #expect(RegistryBearerChallenge(header: "Bearer service=x") == nil)

        let insecure = RegistryBearerChallenge(realm: "http://auth.example.com/token", service: "registry.example.com")
        let error = await #expect(throws: RegistryAuthError.self) {
            try await RegistryTokenAuthorizer(username: "ci", password: "s3cret").fetchToken(insecure, for: URL(string: "https://registry.example.com/v2/")!)
        }
        #expect(error?.description.contains("is not an https URL") == true)
    }
}
