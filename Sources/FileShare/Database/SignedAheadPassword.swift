import Foundation
import Synchronization

/// Keeps one password from a provider that signs them (an RDS IAM token) and signs the next one
/// in the background before it is needed, so the pool opens a connection with the current one at
/// once, on its event loop, instead of waiting for a task on the cooperative pool per connection
/// (which a busy process may hold for longer than the pool's connection time-out).
///
/// RDS accepts a token for 15 minutes after signing. One is handed out for at most
/// ``maximumAge`` (10 minutes, leaving 5 for the login itself and clock differences); from
/// ``refreshAge`` (5 minutes) the next new connection starts one background re-sign, and keeps
/// using the current token meanwhile. If re-signing fails, the token ages out and the next
/// connection signs through ``password()``, which reports the real error.
///
/// ```swift
/// let passwords = SignedAheadPassword(RDSAuthTokenProvider(host: host, port: 5432, user: "fileshare_app",
///                                                         region: region, credentials: credentials))
/// passwords.currentPassword()   // nil until the first password() signed one
/// ```
public final class SignedAheadPassword: DatabasePasswordProvider {
    public static let refreshAge: TimeInterval = 5 * 60
    public static let maximumAge: TimeInterval = 10 * 60

    struct State {
        var password: String?
        var signedAt = Date.distantPast
        var refreshing = false
    }

    let signer: any DatabasePasswordProvider
    let now: @Sendable () -> Date
    private let state = Mutex(State())

    public var name: String { signer.name }

    public init(_ signer: any DatabasePasswordProvider, now: @escaping @Sendable () -> Date = { Date() }) {
        self.signer = signer
        self.now = now
    }

    /// The kept password while it is younger than ``maximumAge``; past ``refreshAge`` it also
    /// starts one background re-sign. Never waits.
    public func currentPassword() -> String? {
        let date = now()
        let (password, refresh) = state.withLock { state -> (String?, Bool) in
            let age = date.timeIntervalSince(state.signedAt)
            guard let password = state.password, age < Self.maximumAge else { return (nil, false) }
            let refresh = age >= Self.refreshAge && !state.refreshing
            if refresh { state.refreshing = true }
            return (password, refresh)
        }
        if refresh { Task { await self.refresh() } }
        return password
    }

    /// The kept password, or a newly signed one when there is none young enough.
    public func password() async throws -> String {
        if let current = currentPassword() { return current }
        let signedAt = now()
        let password = try await signer.password()
        keep(password, signedAt: signedAt)
        return password
    }

    /// Signs the next password; the kept one stays in use until this one arrives.
    func refresh() async {
        let signedAt = now()
        let password = try? await signer.password()
        state.withLock { $0.refreshing = false }
        if let password { keep(password, signedAt: signedAt) }
    }

    private func keep(_ password: String, signedAt: Date) {
        state.withLock { state in
            guard signedAt >= state.signedAt else { return }
            state.password = password
            state.signedAt = signedAt
        }
    }
}
