import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import FileShare

/// A crowd of bogus logins must not hold up file transfers: bcrypt runs on threads of its own
/// with a queue limit.
@Suite("Password hashing under load")
struct PasswordHashingLoadTests {
    @Test("a download finishes while dozens of logins still wait for bcrypt", arguments: Backend.allCases)
    func downloadsDoNotWaitBehindBcrypt(backend: Backend) async throws {
        try await TestHarness.run(backend, configure: {
            // 12: each check takes a few hundred milliseconds, so the crowd queues even when the
            // machine is too busy to send 40 logins quickly.
            $0.bcryptCost = 12
            $0.bcryptThreads = 1
            $0.bcryptQueueLimit = 100
        }) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("small.txt", in: project.id, data: String(repeating: "k", count: 1024), by: owner.id)
            let finishedLogins = ConnectionCounter()
            let logins = 40
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<logins {
                    group.addTask {
                        _ = try await client.send(.post, "/api/auth/login", json: #"{"email":"crowd\#(index)@example.com","password":"bogus-bogus"}"#)
                        _ = finishedLogins.opened()
                    }
                }
                // Wait until half the crowd waits for bcrypt. Bounded: on a loaded machine the logins
                // could trickle in no faster than bcrypt drains them, and an unbounded wait spun forever.
                let deadline = ContinuousClock.now + .seconds(60)
                while harness.services.passwords.pendingChecks < logins / 2 {
                    guard finishedLogins.current < logins, ContinuousClock.now < deadline else {
                        Issue.record("never \(logins / 2) password checks waiting at once; \(finishedLogins.current) of \(logins) logins finished")
                        return
                    }
                    try await Task.sleep(for: .milliseconds(2))
                }
                let download = try await client.send(.get, "/api/projects/\(project.id)/files/\(file.id)/content", token: token)
                #expect(download.status == .ok)
                #expect(download.body.readableBytes == 1024)
                let done = finishedLogins.current
                #expect(done < logins / 2, "the download waited until \(done) of \(logins) logins had finished")
                try await group.waitForAll()
            }
        }
    }

    @Test("beyond the queue limit password checks are refused at once with 503", arguments: [Backend.sqlite])
    func queueLimit(backend: Backend) async throws {
        try await TestHarness.run(backend, configure: {
            $0.bcryptCost = 10
            $0.bcryptThreads = 1
            $0.bcryptQueueLimit = 4
        }) { _, client in
            let statuses = try await ConcurrencyTests.together((0..<20).map { index in
                { try await client.send(.post, "/api/auth/login", json: #"{"email":"crowd\#(index)@example.com","password":"bogus-bogus"}"#).status }
            })
            #expect(statuses.contains(.serviceUnavailable), "\(statuses)")
            #expect(statuses.filter { $0 == .unauthorized }.count >= 4, "\(statuses)")
            #expect(statuses.allSatisfy { $0 == .unauthorized || $0 == .serviceUnavailable })
        }
    }
}
