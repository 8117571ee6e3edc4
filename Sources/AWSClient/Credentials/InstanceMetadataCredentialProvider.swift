import FoundationEssentials

/// Credentials of the EC2 instance's role from the instance metadata service, IMDSv2 only
/// (a session token from `PUT /latest/api/token` first).
///
/// `AWS_EC2_METADATA_DISABLED=true` turns it off and `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it
/// (tests point it at 127.0.0.1: they must never reach the real 169.254.169.254). Off EC2 it
/// answers "not configured" after a one-second connect attempt, like the AWS CLI.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public let environment: [String: String]
    public let transport: any HTTPTransport
    public var name: String { "EC2 instance metadata" }
    public var whyNotConfigured: String {
        if isDisabled { return "turned off by AWS_EC2_METADATA_DISABLED" }
        let endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultEndpoint
        return "no instance metadata service answered at \(endpoint) within 1 s (not on EC2), or the instance has no role"
    }

    static let defaultEndpoint = "http://169.254.169.254"

    public init(environment: [String: String], transport: any HTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    public var isDisabled: Bool {
        EndpointResolver.isTrue(environment["AWS_EC2_METADATA_DISABLED"])
    }

    public func resolve() async throws -> AWSCredentials? {
        guard !isDisabled else { return nil }
        let base = (environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultEndpoint)
            .trimmed { $0 == "/" }
        guard let tokenURL = URL(string: base + "/latest/api/token"),
              let rolesURL = URL(string: base + "/latest/meta-data/iam/security-credentials/")
        else {
            throw CredentialError(source: name, message: "AWS_EC2_METADATA_SERVICE_ENDPOINT is not a URL: \(base)")
        }
        let tokenResponse: HTTPResponse
        do {
            tokenResponse = try await transport.send(HTTPRequest(
                method: "PUT", url: tokenURL, headers: ["X-aws-ec2-metadata-token-ttl-seconds": "21600"], timeout: .seconds(1)
            ))
        } catch is HTTPTransportError {
            return nil  // no metadata service: not on EC2
        }
        guard tokenResponse.isSuccess else {
            throw CredentialError(source: name, message: "IMDSv2 token request answered HTTP \(tokenResponse.status)")
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let headers: HTTPHeaders = ["X-aws-ec2-metadata-token": token]

        let roles = try await transport.send(HTTPRequest(method: "GET", url: rolesURL, headers: headers, timeout: .seconds(1)))
        if roles.status == 404 { return nil }  // an instance without a role
        guard roles.isSuccess,
              let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init),
              !role.isEmpty, let credentialsURL = URL(string: rolesURL.absoluteString + QueryEncoder.escape(role))
        else {
            throw CredentialError(source: name, message: "listing the instance's role answered HTTP \(roles.status)")
        }
        let answer = try await transport.send(HTTPRequest(method: "GET", url: credentialsURL, headers: headers, timeout: .seconds(1)))
        guard answer.isSuccess else {
            throw CredentialError(source: name, message: "reading role \(role)'s credentials answered HTTP \(answer.status)")
        }
        return try MetadataCredentials.decode(answer.body, source: name)
    }
}
