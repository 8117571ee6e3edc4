#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import FoundationEssentials
#endif

/// The keys a request is signed with: long-lived IAM user keys, or temporary keys from STS
/// (which come with a session token and an expiration).
///
/// Printing credentials never shows the secret key or the session token, so they can be logged
/// by accident without leaking.
///
/// ```swift
/// let credentials = AWSCredentials(
///     accessKeyID: "AKIDEXAMPLE",
///     secretAccessKey: secret,
///     sessionToken: token,
///     expiration: Date(timeIntervalSinceNow: 3600)
/// )
/// print(credentials)  // AWSCredentials(accessKeyID: AKIDEXAMPLE, secretAccessKey: <redacted>, …)
/// ```
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The public half of the key pair; it appears in every signed request.
    public var accessKeyID: String
    /// The secret half; it never leaves this process.
    public var secretAccessKey: String
    /// Present for temporary credentials (STS, instance or container roles, SSO).
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-lived keys.
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Whether the credentials are expired at `date`, or will be within `margin`: refresh them
    /// before they die in the middle of a request (or a presigned URL's lifetime).
    ///
    /// ```swift
    /// if credentials.isExpired(at: .now, margin: .seconds(300)) { credentials = try await provider.refresh() }
    /// ```
    public func isExpired(at date: Date, margin: Duration = .zero) -> Bool {
        guard let expiration else { return false }
        let marginSeconds = Double(margin.components.seconds) + Double(margin.components.attoseconds) / 1e18
        return date.timeIntervalSince1970 + marginSeconds >= expiration.timeIntervalSince1970
    }

    public var description: String {
        let token = sessionToken == nil ? "none" : "<redacted>"
        let expires = expiration.map { "\($0.timeIntervalSince1970)s since 1970" } ?? "never"
        return "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: \(token), expiration: \(expires))"
    }

    public var debugDescription: String { description }

    /// Equal when every field holds the same UTF-8 bytes: keys are bytes to HMAC, so canonically
    /// equivalent but differently encoded secrets are different credentials.
    public static func == (left: AWSCredentials, right: AWSCredentials) -> Bool {
        SigningScope.sameBytes(left.accessKeyID, right.accessKeyID)
            && SigningScope.sameBytes(left.secretAccessKey, right.secretAccessKey)
            && left.sessionToken.map(\.utf8).map(Array.init) == right.sessionToken.map(\.utf8).map(Array.init)
            && left.expiration == right.expiration
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(Array(accessKeyID.utf8))
        hasher.combine(Array(secretAccessKey.utf8))
        hasher.combine(sessionToken.map { Array($0.utf8) })
        hasher.combine(expiration)
    }
}
