import AWSClient
import Foundation
import Testing
import TestSupport
@testable import TenkaiDeploy

/// Preflight's image check against a registry that wants Bearer tokens: Debian's docker-registry
/// with `auth: token` and the tests' ``RegistryTokenServer``. Without the token flow the registry
/// answers every `HEAD` with 401; with it, a missing image is a 404 like anywhere else.
@Suite struct ReleaseImageCheckTokenTests {
    @Test func theCheckFetchesATokenWithTheLoginAndSaysWhenTheTokenServiceRefuses() async throws {
        let login = RegistryTokenServer.Login(username: "deployer", password: "pw-for-tests")
        let tokens = try RegistryTokenServer(requiredLogin: login)
        defer { tokens.stop() }
        let registry = try await DockerRegistry.start(configuration: tokens.registryConfiguration)
        defer { registry.stop() }
        let image = try ImageReference(parsing: "\(registry.host)/team/fileshare@sha256:" + String(repeating: "ab", count: 32))
        let session = AWSSession(region: "us-east-1", credentials: nil)

        let withLogin = ImageCheck(session: session, registryLogin: .init(username: login.username, password: login.password))
        let missing = await #expect(throws: ReleaseError.self) { try await withLogin.verify(image) }
        #expect(missing?.message == "image \(image) does not exist in its registry")
        #expect(tokens.requests.contains { $0.granted && $0.scope == "repository:team/fileshare:pull" && $0.username == login.username })

        let anonymous = await #expect(throws: ReleaseError.self) { try await ImageCheck(session: session).verify(image) }
        #expect(anonymous?.code == .preflight)
        #expect(anonymous?.message.contains("refused a token for repository:team/fileshare:pull without credentials") == true)
    }
}
