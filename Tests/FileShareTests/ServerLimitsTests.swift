import Foundation
import HTTPTypes
import Testing
@testable import FileShare

/// Slow and greedy clients against a real listening server: half-sent requests are cut off,
/// connections over the limit get 503 at once, and shutdown drains downloads in flight.
@Suite("Server limits and shutdown", .serialized)
struct ServerLimitsTests {
    static func text(_ bytes: [UInt8]?) -> String { String(decoding: bytes ?? [], as: UTF8.self) }

    @Test("a request head that never finishes is cut off after the idle time-out")
    func halfSentHead() async throws {
        let server = try await LiveServer.start(.sqlite) { $0.idleTimeout = 1 }
        let connection = try RawConnection(port: server.port)
        connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        let started = ContinuousClock.now
        let answer = connection.read()
        #expect(answer != nil, "the server kept a half-sent request head open")
        #expect(ContinuousClock.now - started < .seconds(5))
        await server.stop()
    }

    @Test("a request body that stalls is cut off after the body time-out")
    func stalledBody() async throws {
        let server = try await LiveServer.start(.sqlite) { $0.requestBodyTimeout = 1 }
        let connection = try RawConnection(port: server.port)
        connection.send("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"email\":")
        let started = ContinuousClock.now
        let answer = await connection.readToEnd()
        #expect(ContinuousClock.now - started < .seconds(5), "the server kept a stalled body open: \(Self.text(answer))")
        await server.stop()
    }

    @Test("connections over the limit get 503 with Connection: close instead of hanging")
    func connectionLimit() async throws {
        let server = try await LiveServer.start(.sqlite) { $0.maxConnections = 3 }
        let held = try (0..<3).map { _ in try RawConnection(port: server.port) }
        // Make sure the server has accepted the held connections before the next one arrives.
        for connection in held {
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(Self.text(connection.read()).hasPrefix("HTTP/1.1 200"))
        }
        let extra = try RawConnection(port: server.port)
        extra.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let refused = Self.text(await extra.readToEnd())
        #expect(refused.hasPrefix("HTTP/1.1 503"), "\(refused)")
        #expect(refused.lowercased().contains("connection: close"))
        #expect(refused.lowercased().contains("retry-after"))
        _ = held
        await server.stop()
    }

    @Test("on shutdown /readyz turns unready first and a download in flight arrives whole", arguments: Backend.allCases)
    func gracefulShutdown(backend: Backend) async throws {
        let server = try await LiveServer.start(backend) { $0.shutdownDrainDelay = 1 }
        let (owner, token, project) = try await server.harness.ownerWithProject()
        let size = 24 << 20
        let file = try await server.harness.file("big.bin", in: project.id, data: String(repeating: "x", count: size), by: owner.id)
        let download = try RawConnection(port: server.port)
        download.send("GET /api/projects/\(project.id)/files/\(file.id)/content HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
        var received = download.read() ?? []
        #expect(Self.text(received).hasPrefix("HTTP/1.1 200"))

        let stopping = Task { await server.stop() }
        var readiness = ""
        for _ in 0..<40 where !readiness.hasPrefix("HTTP/1.1 503") {
            try await Task.sleep(for: .milliseconds(25))
            let probe = try RawConnection(port: server.port)
            probe.send("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            readiness = Self.text(await probe.readToEnd())
        }
        #expect(readiness.hasPrefix("HTTP/1.1 503"), "\(readiness)")
        #expect(readiness.contains(#""draining":true"#))

        received += await download.readToEnd(pause: .microseconds(200))
        let separator = Array("\r\n\r\n".utf8)
        let headerEnd = (0...(received.count - 4)).first { Array(received[$0..<($0 + 4)]) == separator } ?? 0
        #expect(received.count - headerEnd - 4 == size, "received \(received.count - headerEnd - 4) of \(size) bytes")
        await stopping.value
    }
}

extension ServerLimitsTests {
    @Test("a malformed chunked upload body is a 400, not a server error")
    func malformedChunkedBody() async throws {
        let server = try await LiveServer.start(.sqlite)
        let (_, token, project) = try await server.harness.ownerWithProject()
        let connection = try RawConnection(port: server.port)
        connection.send("POST /api/projects/\(project.id)/files?name=x.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                        + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZZ\r\nxx\r\n0\r\n\r\n")
        let answer = Self.text(await connection.readToEnd())
        #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
        await server.stop()
    }
}
