import AWSClient
import Foundation
import Testing
import TestSupport

/// The standard chain, source by source, in the AWS CLI's order. Every environment here is built
/// from scratch with `AWS_EC2_METADATA_DISABLED=true` unless the test points IMDS at a stub, so
/// nothing ever reaches 169.254.169.254.
@Suite("Credential chain")
struct CredentialChainTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An environment with no real home, no profiles and IMDS off, plus `extra`.
    static func environment(_ extra: [String: String], home: URL) -> [String: String] {
        ["HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true"].merging(extra) { _, new in new }
    }

    static func resolve(_ environment: [String: String]) async throws -> AWSCredentials? {
        let session = try AWSSession.fromEnvironment(environment, defaultRegion: "us-east-1")
        return try await session.credentials?.resolve()
    }

    @Test func environmentVariablesComeFirst() async throws {
        let home = try Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try "[default]\naws_access_key_id = FROMPROFILE\naws_secret_access_key = s\n"
            .write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        let credentials = try await Self.resolve(Self.environment([
            "AWS_ACCESS_KEY_ID": "FROMENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t",
        ], home: home))
        #expect(credentials?.accessKeyID == "FROMENV")
        #expect(credentials?.sessionToken == "t")
        let fromProfile = try await Self.resolve(Self.environment([:], home: home))
        #expect(fromProfile?.accessKeyID == "FROMPROFILE")
    }

    @Test func halfSetEnvironmentVariablesAreAnError() async throws {
        let home = try Self.temporaryDirectory()
        await #expect(throws: CredentialError.self) {
            try await Self.resolve(Self.environment(["AWS_ACCESS_KEY_ID": "ONLYKEY"], home: home))
        }
    }

    /// moto answers unsigned calls in authentication mode with an HTML error, so the web
    /// identity exchange (unsigned by design) runs against a moto without it.
    @Test func aWebIdentityTokenFileIsExchangedWithSTS() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: false)
        let home = try Self.temporaryDirectory()
        let tokenFile = home.appendingPathComponent("token")
        try "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOnRlbmthaSJ9.c2ln".write(to: tokenFile, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try "[default]\naws_access_key_id = FROMPROFILE\naws_secret_access_key = s\n"
            .write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        let credentials = try #require(try await Self.resolve(Self.environment([
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path,
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/github-deploy",
            "AWS_ROLE_SESSION_NAME": "ci",
            "AWS_ENDPOINT_URL_STS": moto.endpoint.absoluteString,
        ], home: home)))
        #expect(credentials.accessKeyID != "FROMPROFILE", "web identity comes before the profile")
        #expect(credentials.sessionToken?.isEmpty == false)
        #expect(credentials.expiration != nil)
    }

    @Test func aProfileRoleIsAssumedWithItsSourceProfile() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let keys = try #require(moto.credentials)
        let home = try Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try """
            [profile deploy]
            role_arn = arn:aws:iam::123456789012:role/deployer
            source_profile = base
            role_session_name = tenkai-test
            region = us-east-1
            """.write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        try """
            [base]
            aws_access_key_id = \(keys.accessKeyID)
            aws_secret_access_key = \(keys.secretAccessKey)
            """.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        let environment = Self.environment(["AWS_PROFILE": "deploy", "AWS_ENDPOINT_URL": moto.endpoint.absoluteString], home: home)
        let credentials = try #require(try await Self.resolve(environment))
        #expect(credentials.accessKeyID != keys.accessKeyID)
        #expect(credentials.sessionToken?.isEmpty == false)

        // The source profile's signature was checked: with a wrong secret STS refuses.
        try """
            [base]
            aws_access_key_id = \(keys.accessKeyID)
            aws_secret_access_key = wrong
            """.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        let error = await #expect(throws: AWSError.self) { try await Self.resolve(environment) }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.operation == "AssumeRole")
    }

    @Test func aMissingProfileIsAClearError() async throws {
        let home = try Self.temporaryDirectory()
        let error = await #expect(throws: ConfigurationError.self) {
            try await Self.resolve(Self.environment(["AWS_PROFILE": "nope"], home: home))
        }
        #expect(error?.message.contains("nope") == true)
    }

    @Test func containerCredentialsComeFromTheFullURIWithItsToken() async throws {
        let server = try StubHTTPServer { request in
            guard request.target == "/creds", request.header("Authorization") == "Bearer secret-token" else {
                return .init(status: 401, body: #"{"message":"no"}"#)
            }
            return .init(status: 200, body: StubHTTPServer.credentialsJSON(keyID: "FROMCONTAINER"))
        }
        let home = try Self.temporaryDirectory()
        let credentials = try await Self.resolve(Self.environment([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url.absoluteString + "/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer secret-token",
        ], home: home))
        #expect(credentials?.accessKeyID == "FROMCONTAINER")
        #expect(credentials?.sessionToken == "token-FROMCONTAINER")
        #expect(credentials?.expiration != nil)
    }

    @Test func aContainerURIOverPlainHTTPToAnotherHostIsRefused() async throws {
        let home = try Self.temporaryDirectory()
        let error = await #expect(throws: CredentialError.self) {
            try await Self.resolve(Self.environment(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"], home: home))
        }
        #expect(error?.message.contains("https") == true)
    }

    @Test func instanceMetadataUsesAnIMDSv2Token() async throws {
        let server = try StubHTTPServer { request in
            switch (request.method, request.target) {
            case ("PUT", "/latest/api/token"):
                return request.header("X-aws-ec2-metadata-token-ttl-seconds") == nil
                    ? .init(status: 400, body: "") : .init(status: 200, body: "imds-token")
            case (_, _) where request.header("X-aws-ec2-metadata-token") != "imds-token":
                return .init(status: 401, body: "")
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return .init(status: 200, body: "web-role")
            case ("GET", "/latest/meta-data/iam/security-credentials/web-role"):
                return .init(status: 200, body: StubHTTPServer.credentialsJSON(keyID: "FROMIMDS"))
            default:
                return .init(status: 404, body: "")
            }
        }
        let home = try Self.temporaryDirectory()
        var environment = Self.environment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.url.absoluteString], home: home)
        environment["AWS_EC2_METADATA_DISABLED"] = nil
        let credentials = try await Self.resolve(environment)
        #expect(credentials?.accessKeyID == "FROMIMDS")
        #expect(credentials?.sessionToken == "token-FROMIMDS")
    }

    @Test func withEverySourceOffThereAreNoCredentials() async throws {
        let home = try Self.temporaryDirectory()
        let credentials = try await Self.resolve(Self.environment([:], home: home))
        #expect(credentials == nil)
    }
}
