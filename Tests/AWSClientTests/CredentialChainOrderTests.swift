@testable import AWSClient
import Foundation
import Synchronization
import Testing
import TestSupport

@Suite("Credential chain order and safety")
struct CredentialChainOrderTests {
    /// A container endpoint and an instance metadata service, both answering with credentials.
    final class Stubs: Sendable {
        let container: StubHTTPServer
        let metadata: StubHTTPServer

        init() throws {
            container = try StubHTTPServer { _ in .init(status: 200, body: StubHTTPServer.credentialsJSON(keyID: "FROMCONTAINER")) }
            metadata = try StubHTTPServer { request in
                switch request.target {
                case "/latest/api/token": .init(status: 200, body: "t")
                case "/latest/meta-data/iam/security-credentials/": .init(status: 200, body: "role")
                default: .init(status: 200, body: StubHTTPServer.credentialsJSON(keyID: "FROMIMDS"))
                }
            }
        }
    }

    @Test func profileThenContainerThenInstanceMetadata() async throws {
        let stubs = try Stubs()
        let home = try CredentialChainTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        let credentialsFile = home.appendingPathComponent(".aws/credentials")
        try "[default]\naws_access_key_id = FROMPROFILE\naws_secret_access_key = s\n".write(to: credentialsFile, atomically: true, encoding: .utf8)
        var environment = [
            "HOME": home.path,
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": stubs.container.url.absoluteString + "/v2/credentials",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": stubs.metadata.url.absoluteString,
        ]
        #expect(try await CredentialChainTests.resolve(environment)?.accessKeyID == "FROMPROFILE")
        try FileManager.default.removeItem(at: credentialsFile)
        #expect(try await CredentialChainTests.resolve(environment)?.accessKeyID == "FROMCONTAINER")
        environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = nil
        #expect(try await CredentialChainTests.resolve(environment)?.accessKeyID == "FROMIMDS")
    }

    @Test func disabledInstanceMetadataIsNeverContacted() async throws {
        let calls = CurlTransportTests.Recorder()
        let listener = try CurlTransportTests.server(recorder: calls)
        let provider = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_DISABLED": "true", "AWS_EC2_METADATA_SERVICE_ENDPOINT": CurlTransportTests.url(listener).absoluteString],
            transport: CurlTransport.shared
        )
        #expect(try await provider.resolve() == nil)
        #expect(calls.requests.withLock { $0.isEmpty })
    }

    @Test func theRelativeContainerURIIsUnderTheECSAgentAddress() throws {
        let provider = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"], transport: CurlTransport.shared
        )
        #expect(try provider.endpoint()?.absoluteString == "http://169.254.170.2/v2/credentials/abc")
        let eks = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials"], transport: CurlTransport.shared
        )
        #expect(try eks.endpoint()?.absoluteString == "http://169.254.170.23/v1/credentials")
        #expect(try ContainerCredentialProvider(environment: [:], transport: CurlTransport.shared).endpoint() == nil)
    }

    @Test func sourceProfileLoopsAreRefused() async throws {
        let files = try SharedConfigFiles.parse("""
            [profile a]
            role_arn = arn:aws:iam::1:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::1:role/b
            source_profile = a
            """, path: "config", kind: .config)
        let sts = AWSSession(region: "us-east-1", credentials: nil)
        let provider = ProfileCredentialProvider(profileName: "a", files: files, environment: [:], stsSession: sts, isExplicit: true)
        let error = await #expect(throws: CredentialError.self) { try await provider.resolve() }
        #expect(error?.message.contains("loop") == true)
    }
}

@Suite("Credential errors people can act on")
struct CredentialErrorMessageTests {
    @Test func unsupportedProfileKindsSayWhatToDo() async throws {
        let files = try SharedConfigFiles.parse("[profile sso]\nsso_session = corp\nsso_account_id = 1\n", path: "config", kind: .config)
        let provider = ProfileCredentialProvider(
            profileName: "sso", files: files, environment: [:], stsSession: AWSSession(region: "us-east-1", credentials: nil), isExplicit: true
        )
        let error = await #expect(throws: CredentialError.self) { try await provider.resolve() }
        #expect(error?.message.contains("export-credentials") == true)
    }

    @Test func aCallWithoutAnyCredentialsExplainsTheOptions() async throws {
        let session = AWSSession(
            region: "us-east-1", credentials: CredentialChain([EnvironmentCredentialProvider(environment: [:])]),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:9"])
        )
        let error = await #expect(throws: CredentialError.self) { try await STS(session).getCallerIdentity() }
        #expect(error?.message.contains("AWS_PROFILE") == true)
    }
}

@Suite("Session settings from the environment")
struct SessionEnvironmentTests {
    @Test func maxAttemptsComeFromTheEnvironmentOrTheProfile() throws {
        let home = try CredentialChainTests.temporaryDirectory()
        let base = CredentialChainTests.environment([:], home: home)
        #expect(try AWSSession.fromEnvironment(base, defaultRegion: "eu-west-1").retryPolicy.maximumAttempts == 3)
        var withVariable = base
        withVariable["AWS_MAX_ATTEMPTS"] = "7"
        #expect(try AWSSession.fromEnvironment(withVariable, defaultRegion: "eu-west-1").retryPolicy.maximumAttempts == 7)
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try "[default]\nmax_attempts = 5\nregion = ap-northeast-1\n".write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        let fromProfile = try AWSSession.fromEnvironment(base, defaultRegion: "eu-west-1")
        #expect(fromProfile.retryPolicy.maximumAttempts == 5)
        #expect(fromProfile.region == "ap-northeast-1")
        withVariable["AWS_MAX_ATTEMPTS"] = "many"
        #expect(throws: ConfigurationError.self) { try AWSSession.fromEnvironment(withVariable, defaultRegion: "eu-west-1") }
    }
}

@Suite("credential_process")
struct ProcessCredentialProviderTests {
    @Test func aProfileProgramPrintsTheCredentials() async throws {
        let home = try CredentialChainTests.temporaryDirectory()
        let script = home.appendingPathComponent("creds.sh")
        try """
            #!/bin/sh
            echo "asked for $1" >&2
            printf '{"Version": 1, "AccessKeyId": "FROMPROCESS", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2099-01-01T00:00:00Z"}'
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try "[profile vault]\ncredential_process = \(script.path) deploy\n"
            .write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        let credentials = try await CredentialChainTests.resolve(CredentialChainTests.environment(["AWS_PROFILE": "vault"], home: home))
        #expect(credentials?.accessKeyID == "FROMPROCESS")
        #expect(credentials?.sessionToken == "t")
        #expect(credentials?.expiration == ISO8601Timestamp.parse("2099-01-01T00:00:00Z"))
    }

    @Test func aFailingOrWrongProgramIsAClearError() async throws {
        let failing = await #expect(throws: CredentialError.self) { try await ProcessCredentialProvider(command: "exit 3").resolve() }
        #expect(failing?.message.contains("status 3") == true)
        let wrong = await #expect(throws: CredentialError.self) { try await ProcessCredentialProvider(command: "echo '{\"Version\": 2}'").resolve() }
        #expect(wrong?.message.contains("credentials JSON") == true)
    }
}
