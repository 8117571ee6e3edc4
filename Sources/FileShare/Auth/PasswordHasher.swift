import HTTPTypes
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// bcrypt hashing and checking on threads of its own. A hash takes tens of milliseconds of CPU:
/// on NIO's shared thread pool a crowd of bogus logins queued file reads behind them, so password
/// work gets a small pool that nothing else uses, and a queue limit beyond which callers get 503
/// at once instead of waiting.
final class PasswordHasher: Sendable {
    let cost: UInt8
    let queueLimit: Int
    private let pool: NIOThreadPool
    /// Jobs waiting or running on `pool`.
    private let pending = Atomic<Int>(0)

    init(cost: UInt8, threads: Int = 1, queueLimit: Int = 32) {
        self.cost = cost
        self.queueLimit = queueLimit
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
    }

    /// Checks waiting or running now.
    var pendingChecks: Int { pending.load(ordering: .relaxed) }

    /// Stops the threads; password checks after this fail.
    func shutdown() async {
        try? await pool.shutdownGracefully()
    }

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await run { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await run { Bcrypt.verify(password, hash: hash) }
    }

    private func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let queued = pending.add(1, ordering: .relaxed).newValue
        defer { pending.subtract(1, ordering: .relaxed) }
        guard queued <= queueLimit else {
            throw AppError(.unavailable, status: .serviceUnavailable,
                           message: "Too many password checks are waiting; try again in a moment.",
                           headers: [.retryAfter: "1"])
        }
        return try await pool.runIfActive(work)
    }

    /// Rules for new passwords: long enough to resist guessing, short enough for bcrypt (72 bytes).
    static func validate(_ password: String) throws {
        guard password.utf8.count >= 10 else {
            throw AppError.badRequest("password", "A password must be at least 10 characters long.")
        }
        guard password.utf8.count <= 72 else {
            throw AppError.badRequest("password", "A password must be at most 72 bytes long.")
        }
    }
}
