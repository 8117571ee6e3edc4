import FoundationEssentials

/// Credentials from the ECS/EKS container credential endpoint:
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (under `http://169.254.170.2`) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the token from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
/// or `AWS_CONTAINER_AUTHORIZATION_TOKEN` as `Authorization`. A full URI over plain HTTP must point
/// at the machine itself or the ECS/EKS agent addresses, so credentials never cross a network in clear.
public struct ContainerCredentialProvider: CredentialProvider {
    public let environment: [String: String]
    public let transport: any HTTPTransport
    public var name: String { "container credentials endpoint" }
    public var whyNotConfigured: String {
        "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
    }

    public init(environment: [String: String], transport: any HTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    /// The endpoint the environment names, or `nil` when it names none.
    func endpoint() throws -> URL? {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            guard let url = URL(string: "http://169.254.170.2" + (relative.hasPrefix("/") ? relative : "/" + relative)) else {
                throw CredentialError(source: name, message: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a valid path: \(relative)")
            }
            return url
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else { return nil }
        guard let url = URL(string: full), let host = url.host, let scheme = url.scheme?.lowercased() else {
            throw CredentialError(source: name, message: "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: \(full)")
        }
        let allowedPlainHosts = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]", "localhost", "::1", "[::1]"]
        guard scheme == "https" || (scheme == "http" && (host.hasPrefix("127.") || allowedPlainHosts.contains(host))) else {
            throw CredentialError(
                source: name,
                message: "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http to a loopback or ECS/EKS agent address: \(full)"
            )
        }
        return url
    }

    public func resolve() async throws -> AWSCredentials? {
        guard let url = try endpoint() else { return nil }
        var headers = HTTPHeaders()
        if let tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !tokenFile.isEmpty {
            do {
                headers["Authorization"] = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmed()
            } catch {
                throw CredentialError(source: name, message: "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: \(fileErrorReason(error))")
            }
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            headers["Authorization"] = token
        }
        headers["Accept"] = "application/json"
        var lastError: any Error = CredentialError(source: name, message: "no answer")
        for attempt in 1...3 {
            do {
                let response = try await transport.send(HTTPRequest(method: "GET", url: url, headers: headers, timeout: .seconds(2)))
                guard response.isSuccess else {
                    throw CredentialError(source: name, message: "HTTP \(response.status): \(AWSErrorParser.excerpt(of: response.body))")
                }
                return try MetadataCredentials.decode(response.body, source: name)
            } catch let error as CredentialError {
                throw error
            } catch {
                lastError = error
                if attempt < 3 { try await Task.sleep(for: .milliseconds(100 * attempt)) }
            }
        }
        throw CredentialError(source: name, message: "\(lastError)")
    }
}

/// The JSON both the container endpoint and EC2 instance metadata answer with.
enum MetadataCredentials {
    private struct Answer: Decodable {
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var Token: String?
        var Expiration: String?
        var Code: String?
        var Message: String?
    }

    static func decode(_ body: Data, source: String) throws -> AWSCredentials {
        guard let answer = try? JSONDecoder().decode(Answer.self, from: body) else {
            throw CredentialError(source: source, message: "the answer is not credentials JSON: \(AWSErrorParser.excerpt(of: body))")
        }
        if let code = answer.Code, code != "Success" {
            throw CredentialError(source: source, message: "\(code): \(answer.Message ?? "no message")")
        }
        guard let keyID = answer.AccessKeyId, let secret = answer.SecretAccessKey else {
            throw CredentialError(source: source, message: "the answer has no AccessKeyId/SecretAccessKey")
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: answer.Token,
            expiration: answer.Expiration.flatMap(ISO8601Timestamp.parse)
        )
    }
}
