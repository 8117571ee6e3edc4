import FoundationEssentials

/// AWS Security Token Service: who am I, and temporary credentials for a role.
///
/// ```swift
/// let me = try await STS(aws).getCallerIdentity()
/// print(me.account, me.arn)
/// ```
public struct STS: Sendable {
    public let session: AWSSession

    public init(_ session: AWSSession) {
        self.session = session
    }

    /// The account, user ID and ARN the credentials belong to.
    public func getCallerIdentity() async throws -> CallerIdentity {
        try await session.query(.sts, "GetCallerIdentity", Nothing())
    }

    /// Temporary credentials for `roleArn`, signed with this session's credentials.
    public func assumeRole(_ input: AssumeRoleInput) async throws -> AssumedRole {
        try await session.query(.sts, "AssumeRole", input)
    }

    /// Temporary credentials for `roleArn` in exchange for an OIDC token (GitHub Actions, EKS). The
    /// call is unsigned: the token is the proof.
    public func assumeRoleWithWebIdentity(_ input: AssumeRoleWithWebIdentityInput) async throws -> AssumedRole {
        try await session.with(credentials: nil).query(.sts, "AssumeRoleWithWebIdentity", input)
    }
}

/// Who the signing credentials belong to.
public struct CallerIdentity: Decodable, Sendable, Equatable {
    public var account: String
    public var arn: String
    public var userId: String
}

/// Input of `AssumeRole`: the role, a session name that shows in CloudTrail, and optional limits.
public struct AssumeRoleInput: Encodable, Sendable {
    public var roleArn: String
    public var roleSessionName: String
    public var durationSeconds: Int?
    public var externalId: String?
    /// MFA device serial and code, when the role requires MFA.
    public var serialNumber: String?
    public var tokenCode: String?

    public init(roleArn: String, roleSessionName: String, durationSeconds: Int? = nil, externalId: String? = nil,
                serialNumber: String? = nil, tokenCode: String? = nil) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.durationSeconds = durationSeconds
        self.externalId = externalId
        self.serialNumber = serialNumber
        self.tokenCode = tokenCode
    }
}

/// Input of `AssumeRoleWithWebIdentity`: the role and the OIDC token proving who asks.
public struct AssumeRoleWithWebIdentityInput: Encodable, Sendable {
    public var roleArn: String
    public var roleSessionName: String
    public var webIdentityToken: String
    public var durationSeconds: Int?

    public init(roleArn: String, roleSessionName: String, webIdentityToken: String, durationSeconds: Int? = nil) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.webIdentityToken = webIdentityToken
        self.durationSeconds = durationSeconds
    }
}

/// The answer of `AssumeRole` and `AssumeRoleWithWebIdentity`.
public struct AssumedRole: Decodable, Sendable {
    public struct Credentials: Decodable, Sendable {
        public var accessKeyId: String
        public var secretAccessKey: String
        public var sessionToken: String
        public var expiration: Date
    }

    public struct User: Decodable, Sendable {
        public var assumedRoleId: String
        public var arn: String
    }

    public var credentials: Credentials
    public var assumedRoleUser: User?

    /// The credentials in the signer's form.
    public var awsCredentials: AWSCredentials {
        AWSCredentials(
            accessKeyID: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken, expiration: credentials.expiration
        )
    }
}
