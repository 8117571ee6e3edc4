import Foundation
import Logging
import NIOCore
import SQLKit
import Synchronization
import Testing
import TestSupport
@testable import FileShare

/// Signs numbered tokens (`token-1`, `token-2`, …), or fails while `failing` is set.
final class CountingSigner: DatabasePasswordProvider {
    struct Refused: Error {}
    let attempts = Mutex(0)
    let signed = Mutex(0)
    let failing = Mutex(false)
    let name = "the test's signer"

    func password() async throws -> String {
        attempts.withLock { $0 += 1 }
        if failing.withLock({ $0 }) { throw Refused() }
        return "token-\(signed.withLock { $0 += 1; return $0 })"
    }
}

@Suite("RDS IAM tokens signed ahead")
struct SignedAheadPasswordTests {
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test("a signed token is handed out without waiting and without signing again while it is young")
    func keptWhileYoung() async throws {
        let time = Mutex(Date(timeIntervalSince1970: 1_780_000_000))
        let signer = CountingSigner()
        let passwords = SignedAheadPassword(signer, now: { time.withLock { $0 } })
        #expect(passwords.currentPassword() == nil)
        #expect(try await passwords.password() == "token-1")
        time.withLock { $0 += 4 * 60 }
        #expect((0..<50).allSatisfy { _ in passwords.currentPassword() == "token-1" })
        #expect(try await passwords.password() == "token-1")
        #expect(signer.attempts.withLock { $0 } == 1)
    }

    @Test("from 5 minutes one background re-sign starts; the current token serves until the next arrives")
    func signsAhead() async throws {
        let time = Mutex(Date(timeIntervalSince1970: 1_780_000_000))
        let signer = CountingSigner()
        let passwords = SignedAheadPassword(signer, now: { time.withLock { $0 } })
        _ = try await passwords.password()
        time.withLock { $0 += 6 * 60 }
        #expect((0..<50).allSatisfy { _ in ["token-1", "token-2"].contains(passwords.currentPassword()) })
        try await Self.waitUntil { passwords.currentPassword() == "token-2" }
        #expect(passwords.currentPassword() == "token-2")
        #expect(signer.attempts.withLock { $0 } == 2, "one re-sign for many connections")
        // The new token is young again: no more signing.
        time.withLock { $0 += 60 }
        #expect(passwords.currentPassword() == "token-2")
        try await Task.sleep(for: .milliseconds(50))
        #expect(signer.attempts.withLock { $0 } == 2)
    }

    @Test("no token older than 10 minutes is handed out; signing anew reports the signer's error")
    func agesOut() async throws {
        let time = Mutex(Date(timeIntervalSince1970: 1_780_000_000))
        let signer = CountingSigner()
        let passwords = SignedAheadPassword(signer, now: { time.withLock { $0 } })
        _ = try await passwords.password()
        signer.failing.withLock { $0 = true }
        time.withLock { $0 += 6 * 60 }
        #expect(passwords.currentPassword() == "token-1")
        try await Self.waitUntil { signer.attempts.withLock { $0 } == 2 }
        time.withLock { $0 += 4 * 60 + 1 }
        #expect(passwords.currentPassword() == nil)
        await #expect(throws: CountingSigner.Refused.self) { try await passwords.password() }
        signer.failing.withLock { $0 = false }
        #expect(try await passwords.password() == "token-2")
    }

    /// With every thread of the cooperative pool busy, a pool whose password needs a task cannot
    /// open a connection until one frees; with a token at hand it opens them on its event loop.
    @Test("new connections with a token signed ahead do not wait for the cooperative pool (real PostgreSQL)")
    func connectsOnTheEventLoop() async throws {
        let database = try await PasswordRoleDatabase.make(password: "signed-Token-5")
        let signedAhead = try await DatabaseHandle.open(
            url: database.url(), dataDirectory: "", logger: Logger(label: "test"), passwords: SignedAheadPassword(ChangingPassword("signed-Token-5")))
        let asking = try await DatabaseHandle.open(
            url: database.url(), dataDirectory: "", logger: Logger(label: "test"), passwords: ChangingPassword("signed-Token-5"))
        let busy: TimeInterval = 4

        /// Seconds for six queries at once (more than the one connection open) from a thread of its own
        /// while the cooperative pool's threads are all blocked.
        func elapsedWhilePoolIsBusy(_ handle: DatabaseHandle) async throws -> TimeInterval {
            for _ in 0..<(ProcessInfo.processInfo.activeProcessorCount * 2) {
                Task.detached { usleep(UInt32(busy * 1_000_000)) }
            }
            let elapsed: TimeInterval = try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    let start = Date()
                    continuation.resume(with: Result {
                        let queries = (0..<6).map { _ in handle.sql.raw("SELECT pg_sleep(0.2)").run() }
                        for query in queries { try query.wait() }
                        return Date().timeIntervalSince(start)
                    })
                }
            }
            try await Task.sleep(for: .seconds(busy))  // let the blockers finish before the next measurement
            return elapsed
        }

        let withToken = try await elapsedWhilePoolIsBusy(signedAhead)
        let withTask = try await elapsedWhilePoolIsBusy(asking)
        #expect(withToken < busy / 2, "opened connections in \(withToken) s")
        #expect(withTask >= busy / 2, "the control waited \(withTask) s: without a token at hand the pool waits for a task")
        try await signedAhead.close()
        try await asking.close()
        await database.drop()
    }
}
