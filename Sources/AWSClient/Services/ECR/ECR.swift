import FoundationEssentials

/// The ECR calls pushing and releasing an image need: a registry login for the distribution
/// API, and whether an image is in a repository.
///
/// ```swift
/// let login = try await ECR(aws).registryLogin()
/// // push to login.proxyEndpoint with basic auth login.username / login.password (valid 12 hours)
/// ```
public struct ECR: Sendable {
    public let session: AWSSession
    private let service = AWSService.ecr

    public init(_ session: AWSSession) {
        self.session = session
    }

    /// Basic credentials for the session's account's registry, from `GetAuthorizationToken`
    /// (its token is base64 of `AWS:<password>`).
    public func registryLogin() async throws -> RegistryLogin {
        let output = try await session.json(service, "GetAuthorizationToken", Empty(), as: AuthorizationOutput.self)
        guard let data = output.authorizationData.first else {
            throw Self.unreadable("no authorizationData in the answer")
        }
        guard let decoded = Data(base64Encoded: data.authorizationToken),
              let text = String(bytes: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":")
        else {
            throw Self.unreadable("the token is not base64 of user:password")
        }
        return RegistryLogin(
            username: String(text[..<colon]), password: String(text[text.index(after: colon)...]),
            proxyEndpoint: data.proxyEndpoint, expiresAt: data.expiresAt)
    }

    private static func unreadable(_ reason: String) -> AWSError {
        AWSError(
            service: AWSService.ecr.name, operation: "GetAuthorizationToken", status: 200, code: "UnreadableResponse",
            message: "the answer could not be read: \(reason)", requestID: nil)
    }

    /// The digests and tags of a repository's images, or only of the digest asked for
    /// (`ImageNotFoundException` when it is not there).
    public func describeImages(repositoryName: String, imageDigest: String? = nil) async throws -> [ImageDetail] {
        var details: [ImageDetail] = []
        var token: String?
        repeat {
            let page = try await session.json(
                service, "DescribeImages",
                DescribeImagesInput(repositoryName: repositoryName, imageIds: imageDigest.map { [ImageID(imageDigest: $0)] }, nextToken: token),
                as: DescribeImagesOutput.self)
            details += page.imageDetails
            token = page.nextToken
        } while token != nil
        return details
    }
}

/// A registry login from `GetAuthorizationToken`: HTTP basic credentials and where they work.
public struct RegistryLogin: Sendable, Equatable {
    public var username: String
    public var password: String
    /// `https://<account>.dkr.ecr.<region>.amazonaws.com`.
    public var proxyEndpoint: String?
    public var expiresAt: Date?
}

/// One image of a repository.
public struct ImageDetail: Decodable, Sendable, Equatable {
    public var imageDigest: String
    public var imageTags: [String]?
    public var imageSizeInBytes: Int?
}

private struct Empty: Encodable {}

private struct AuthorizationOutput: Decodable {
    struct Data: Decodable {
        var authorizationToken: String
        var expiresAt: Date?
        var proxyEndpoint: String?
    }
    var authorizationData: [Data]
}

private struct ImageID: Encodable {
    var imageDigest: String
}

private struct DescribeImagesInput: Encodable {
    var repositoryName: String
    var imageIds: [ImageID]?
    var nextToken: String?
}

private struct DescribeImagesOutput: Decodable {
    var imageDetails: [ImageDetail]
    var nextToken: String?
}
