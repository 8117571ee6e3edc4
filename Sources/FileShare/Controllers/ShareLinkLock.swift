import Foundation

extension AppServices {
    /// Until when wrong passwords from all addresses keep `link` locked (LINK_PASSWORD_ATTEMPTS),
    /// or nil when it is open: what the members managing links see, in the API and on the page.
    func passwordLockedUntil(_ link: ShareLink) async throws -> Date? {
        guard link.hasPassword else { return nil }
        return try await loginLimiter.lockedForEveryone(account: PublicShareController.limiterAccount(link.id),
                                                        limit: configuration.linkPasswordAttemptsPerWindow, now: clock.now())
    }
}
