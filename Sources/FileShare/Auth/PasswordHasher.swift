import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing and checking, on NIO's thread pool: a hash takes tens of milliseconds and must
/// never stall an event loop.
struct PasswordHasher: Sendable {
    let cost: UInt8

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
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
