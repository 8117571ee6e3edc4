@preconcurrency import AsyncKit
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresKit

/// postgres-kit's connection source, except that the password comes from a
/// ``DatabasePasswordProvider`` each time the pool opens a connection, instead of being fixed when
/// the pool is made. A failed login is reported without the password (``DatabaseLoginError``).
struct FreshCredentialConnectionSource: ConnectionPoolSource {
    let configuration: SQLPostgresConfiguration
    let passwords: any DatabasePasswordProvider
    private static let connectionIDs = NIOLockedValueBox(0)

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<PostgresConnection> {
        let (base, passwords) = (configuration.coreConfiguration, passwords)
        let id = Self.connectionIDs.withLockedValue { $0 += 1; return $0 }
        @Sendable func connect(with password: String) -> EventLoopFuture<PostgresConnection> {
            var core = base
            core.password = password
            let user = core.username
            return PostgresConnection.connect(on: eventLoop, configuration: core, id: id, logger: logger).flatMapErrorThrowing { error in
                guard let refused = error as? PSQLError, refused.serverInfo?[.sqlState] == "28P01" else { throw error }
                throw DatabaseLoginError(user: user, passwordSource: passwords.name,
                                         serverMessage: refused.serverInfo?[.message] ?? "password authentication failed")
            }
        }
        // A password at hand (a fixed one, a token signed ahead) connects on the event loop alone,
        // as postgres-kit's own source does: a task would wait for the cooperative pool, which a
        // busy process may keep for longer than the pool's connection time-out.
        if let current = passwords.currentPassword() { return connect(with: current) }
        return eventLoop.makeFutureWithTask { try await passwords.password() }.flatMap(connect(with:))
    }
}

/// PostgreSQL refused the password (SQLSTATE 28P01). Says which user and where the password came
/// from; never contains the password.
public struct DatabaseLoginError: Error, CustomStringConvertible, Sendable {
    public let user: String
    public let passwordSource: String
    public let serverMessage: String

    public var description: String {
        "PostgreSQL refused the login of \(user) with \(passwordSource): \(serverMessage)"
    }
}

/// The pool as a `PostgresDatabase` (what postgres-kit's `database(logger:)` gives for its own
/// source): each call borrows a pooled connection.
struct FreshCredentialPoolDatabase: PostgresDatabase {
    let pool: EventLoopGroupConnectionPool<FreshCredentialConnectionSource>
    let logger: Logger

    var eventLoop: any EventLoop { pool.eventLoopGroup.any() }

    func send(_ request: any PostgresRequest, logger: Logger) -> EventLoopFuture<Void> {
        pool.withConnection(logger: logger) { $0.send(request, logger: logger) }
    }

    func withConnection<T>(_ closure: @escaping (PostgresConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        pool.withConnection(logger: logger, closure)
    }
}
