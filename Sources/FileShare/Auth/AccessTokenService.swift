import Foundation
import JWTKit

/// What an access token says: the user, the session it belongs to, and when it expires.
struct AccessTokenClaims: JWTPayload, Equatable {
    var sub: SubjectClaim
    var sid: String
    var iat: IssuedAtClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Issues and checks short-lived HMAC-signed JWT access tokens. Tokens carry a session ID, and
/// the session row decides whether a token still counts, so logout is immediate everywhere.
///
/// ```swift
/// let tokens = await AccessTokenService(secret: "…", lifetime: 900)
/// let token = try await tokens.issue(userId: user.id, sessionId: session.id)
/// ```
struct AccessTokenService: Sendable {
    let keys: JWTKeyCollection
    let lifetime: TimeInterval
    /// The app's clock, which a token's issue and expiry times are read from: cookie renewal
    /// compares them with the session's, on the same clock. (JWTKit checks expiry on the system
    /// clock; in a deployment the two are one.)
    let clock: AppClock
    private let verified = VerifiedTokenCache()

    init(secret: String, lifetime: TimeInterval, clock: AppClock = .system) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: "fileshare-1")
        self.lifetime = lifetime
        self.clock = clock
    }

    struct IssuedToken: Codable, Sendable {
        var accessToken: String
        var tokenType = "Bearer"
        var expiresAt: Date
    }

    func issue(userId: String, sessionId: String) async throws -> IssuedToken {
        let now = clock.now()
        let expires = now.addingTimeInterval(lifetime)
        let claims = AccessTokenClaims(sub: .init(value: userId), sid: sessionId, iat: .init(value: now), exp: .init(value: expires))
        let token = try await keys.sign(claims, kid: "fileshare-1")
        return IssuedToken(accessToken: token, expiresAt: expires)
    }

    /// The claims of a genuine, unexpired token, or nil for anything else (tampered, expired, junk).
    func verify(_ token: String) async -> AccessTokenClaims? {
        guard token.utf8.count < 4096 else { return nil }
        if let claims = verified.claims(for: token) {
            return claims.exp.value > Date() ? claims : nil
        }
        guard let claims = try? await keys.verify(token, as: AccessTokenClaims.self) else { return nil }
        verified.remember(claims, for: token)
        return claims
    }
}

/// Proof, kept in a short-lived cookie, that a browser gave the right password for one share link.
struct ShareGrantClaims: JWTPayload, Equatable {
    var sub: SubjectClaim
    var scope: String
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard scope == "share" else { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "scope") }
    }
}

extension AccessTokenService {
    func issueShareGrant(linkId: String, lifetime: TimeInterval = 3600) async throws -> String {
        try await keys.sign(ShareGrantClaims(sub: .init(value: linkId), scope: "share",
                                             exp: .init(value: Date().addingTimeInterval(lifetime))), kid: "fileshare-1")
    }

    func verifyShareGrant(_ token: String, linkId: String) async -> Bool {
        guard token.utf8.count < 2048, let claims = try? await keys.verify(token, as: ShareGrantClaims.self) else { return false }
        return claims.sub.value == linkId
    }
}
