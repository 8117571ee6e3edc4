import Foundation
import Hashing
import SQLKit
import Testing
import TestSupport
@testable import FileShare

/// The Unlock button of the project page, clicked in headless Chromium (the cookie session and
/// its CSRF header, as a user would), and the HTML error pages a browser gets.
@Suite("Browser: unlocking a locked link")
struct BrowserUnlockTests {
    @Test("a link locked by wrong passwords is unlocked with the project page's button; 404 and 405 pages are HTML")
    func unlockFlow() async throws {
        let harness = try await TestHarness.make(.sqlite, configure: {
            $0.publicURL = nil
            $0.linkPasswordAttemptsPerWindow = 3
        })
        let services = harness.services
        let (owner, _) = try await harness.user("owner@example.com")
        let project = try await services.projects.create(name: "Locked", description: "", createdBy: owner.id)
        let file = try await harness.file("a.txt", in: project.id, by: owner.id)
        let link = ShareLink(id: Identifier.make(), projectId: project.id, fileId: file.id, folder: nil, label: "Locked link",
                             expiresAt: Date().addingTimeInterval(3600), maxDownloads: nil, downloadCount: 0, allowDownload: true,
                             createdBy: owner.id, createdAt: Date(), revokedAt: nil, passwordHash: try await services.passwords.hash("open sesame"))
        try await services.shareLinks.create(link, tokenHash: SHA256.hex(of: RandomToken.make()))
        for index in 1...3 {
            _ = try await services.loginLimiter.attempt(ip: "198.51.100.\(index)", account: PublicShareController.limiterAccount(link.id),
                                                        everyoneLimit: 3) { false }
        }
        #expect(try await services.passwordLockedUntil(link) != nil)

        let result = try await BrowserTests.drive(harness, script: "unlock_flow.py",
                                                  arguments: ["owner@example.com", "password-123", project.id, link.id])
        let unlockedBy = try await services.database.sql.raw("SELECT actor_user_id FROM audit_events WHERE action = 'link.unlocked'")
            .all().map { try $0.string("actor_user_id") }
        let lockedAfter = try await services.passwordLockedUntil(link)
        await harness.close()
        #expect(result.status == 0, "unlock flow failed:\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("unlock flow passed"))
        #expect(unlockedBy == [owner.id])
        #expect(lockedAfter == nil)
    }
}
