import Foundation
import Synchronization

/// A TCP listener on 127.0.0.1 (a kernel-chosen port) that hands each accepted connection to a
/// handler on its own thread. The building block of ``FaultProxy`` and of small stub HTTP servers
/// in tests. Every socket has a receive/send time-out, and the listener stops by itself after
/// `lifetime`, so a forgotten one cannot hang a test run.
public final class LoopbackListener: Sendable {
    public let port: Int
    private let descriptor: Int32
    private let stopped = StopFlag()

    private final class StopFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    public init(lifetime: Duration = .seconds(120), handler: @escaping @Sendable (LoopbackConnection) -> Void) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw FaultProxyError("socket() failed: errno \(errno)") }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound, listen(descriptor, 64) == 0 else {
            close(descriptor)
            throw FaultProxyError("cannot listen on 127.0.0.1: errno \(errno)")
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))

        let stopped = self.stopped
        let acceptThread = Thread {
            while !stopped.value.load(ordering: .acquiring) {
                let client = accept(descriptor, nil, nil)
                if client < 0 && errno == EINTR { continue }  // a signal (SIGCHLD of a test's child), not the end
                guard client >= 0 else { break }
                let connection = LoopbackConnection(descriptor: client)
                let worker = Thread {
                    handler(connection)
                    connection.close()
                }
                worker.start()
            }
        }
        acceptThread.start()
        let deadline = Thread { [weak self] in
            Thread.sleep(forTimeInterval: Double(lifetime.components.seconds))
            self?.stop()
        }
        deadline.start()
    }

    deinit { stop() }

    /// Stops accepting; connections in progress finish on their own.
    public func stop() {
        guard !stopped.value.exchange(true, ordering: .acquiringAndReleasing) else { return }
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }
}

/// One accepted connection: read an HTTP request, write bytes, close.
public final class LoopbackConnection: @unchecked Sendable {
    private let descriptor: Int32
    private var isClosed = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// `recv` that carries on when a signal interrupts it. With `SO_RCVTIMEO` set, Linux never
    /// restarts an interrupted socket call (whatever `SA_RESTART` says), and a test process gets
    /// a SIGCHLD for every child it runs: a plain `recv` read that as the peer closing.
    private func receive(_ chunk: inout [UInt8], _ count: Int) -> Int {
        while true {
            let received = recv(descriptor, &chunk, count, 0)
            if received < 0 && errno == EINTR { continue }
            return received
        }
    }

    /// Reads one whole HTTP/1.1 request (headers and a `Content-Length` body).
    public func readRequest() -> LoopbackRequest? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            let count = receive(&chunk, chunk.count)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        guard let end = buffer.range(of: separator) else { return nil }
        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        var body = Data(buffer[end.upperBound...])
        while body.count < length {
            let count = receive(&chunk, min(chunk.count, length - body.count))
            guard count > 0 else { return nil }
            body.append(contentsOf: chunk[0..<count])
        }
        return LoopbackRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body,
            raw: Data(buffer[..<end.upperBound]) + body
        )
    }

    public func write(_ data: Data) {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let sent = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 && errno == EINTR { continue }
                guard sent > 0 else { return }
                offset += sent
            }
        }
    }

    /// Writes a complete response; unless `keepAlive`, it announces that the connection closes.
    public func respond(status: Int, headers: [(String, String)] = [], body: Data = Data(), keepAlive: Bool = false) {
        var head = "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\(keepAlive ? "" : "Connection: close\r\n")\r\n"
        write(Data(head.utf8) + body)
    }

    /// Reads everything until the peer closes (or the time-out passes).
    func readToEnd() -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = receive(&chunk, chunk.count)
            guard count > 0 else { return data }
            data.append(contentsOf: chunk[0..<count])
        }
    }

    public func close() {
        guard !isClosed else { return }
        isClosed = true
        Foundation.close(descriptor)
    }

    /// Connects to another port on 127.0.0.1.
    static func connect(toLoopbackPort port: Int) -> LoopbackConnection? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Foundation.close(descriptor)
            return nil
        }
        return LoopbackConnection(descriptor: descriptor)
    }
}

/// An HTTP request as a stub server received it.
public struct LoopbackRequest: Sendable {
    public var method: String
    /// The request target: path and query.
    public var target: String
    public var headers: [(String, String)]
    public var body: Data
    /// The bytes as received, for forwarding.
    var raw: Data

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// A fault proxy or stub server could not start.
public struct FaultProxyError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
