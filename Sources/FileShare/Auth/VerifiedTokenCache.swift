import Synchronization

/// Access tokens whose signature was already checked, so a busy client does not pay for HMAC
/// and JSON decoding on every request, and requests do not queue on the key collection's actor.
/// Only genuine tokens enter; expiry and the session are still checked on every request.
final class VerifiedTokenCache: Sendable {
    private let entries = Mutex<[String: AccessTokenClaims]>([:])
    private let limit: Int

    init(limit: Int = 50_000) {
        self.limit = limit
    }

    func claims(for token: String) -> AccessTokenClaims? {
        entries.withLock { $0[token] }
    }

    func remember(_ claims: AccessTokenClaims, for token: String) {
        entries.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[token] = claims
        }
    }
}
