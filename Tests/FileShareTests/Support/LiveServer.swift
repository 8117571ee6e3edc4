import Foundation
import Glibc
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
@testable import FileShare

/// The service listening on 127.0.0.1 on a free port, run the way `fileshare serve` runs it
/// (time-outs, connection limit, drain on shutdown), for tests that need real sockets.
struct LiveServer: Sendable {
    let harness: TestHarness
    let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>

    static func start(_ backend: Backend, configure: (inout AppConfiguration) -> Void = { _ in }) async throws -> LiveServer {
        let harness = try await TestHarness.make(backend) { configuration in
            configuration.port = 0
            configure(&configuration)
        }
        var logger = Logger(label: "fileshare-live-test")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = FileShareApp.makeServiceGroup(services: harness.services, logger: logger, signals: []) { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw TestSetupError(message: "The live server did not start.")
        }
        return LiveServer(harness: harness, port: port, group: group, task: task)
    }

    /// Shuts down the way SIGTERM does and waits for it to finish.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        await harness.drop()
        try? FileManager.default.removeItem(atPath: harness.dataDirectory)
    }
}

/// A blocking TCP connection to 127.0.0.1, for sending half requests and reading raw responses.
final class RawConnection: @unchecked Sendable {
    let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw TestSetupError(message: "Cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
        setTimeout(seconds: 10)
    }

    deinit { close(socket) }

    func setTimeout(seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) {
        _ = text.withCString { Glibc.send(socket, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// Reads up to `limit` bytes; nil when the read timed out, empty when the server closed.
    func read(limit: Int = 65536) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = recv(socket, &buffer, limit, 0)
        if count < 0 { return nil }
        return Array(buffer.prefix(count))
    }

    /// Reads until the server closes the connection (or `timeout` passes) and returns every byte.
    func readToEnd(pause: Duration = .zero) async -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = read(), !chunk.isEmpty {
            all += chunk
            if pause > .zero { try? await Task.sleep(for: pause) }
        }
        return all
    }
}
