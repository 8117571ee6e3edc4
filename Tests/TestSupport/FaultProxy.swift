import Foundation
import Synchronization

/// A loopback HTTP proxy in front of an emulator that injects faults, to show that retries ride
/// through them.
///
/// Each incoming connection takes the next fault from the script; once the script is used up,
/// requests are forwarded to the upstream port unchanged. It relies on one request per connection,
/// which holds because it (and moto) answer with `Connection: close`.
///
/// ```swift
/// let proxy = try FaultProxy(upstreamPort: moto.port, faults: [.status(503), .dropConnection, .throttling])
/// // point a session at proxy.url: its first three attempts fail, the fourth reaches moto
/// ```
public final class FaultProxy: Sendable {
    /// What to do with one connection.
    public enum Fault: Sendable {
        /// Answer with this status and a short text body, without forwarding.
        case status(Int)
        /// Answer HTTP 400 with a query-protocol `Throttling` error.
        case throttling
        /// Read the request, then close the connection without answering.
        case dropConnection
        /// Answer with exactly this response, without forwarding.
        case response(status: Int, headers: [(String, String)], body: String)
        /// Forward to the upstream as if nothing were wrong.
        case forward
    }

    private struct State {
        var script: [Fault]
        var requests: [LoopbackRequest] = []
    }

    private final class Script: Sendable {
        let state: Mutex<State>
        init(_ faults: [Fault]) { state = Mutex(State(script: faults)) }
    }

    private let listener: LoopbackListener
    private let script: Script

    public var port: Int { listener.port }
    /// `http://127.0.0.1:<port>`
    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The request lines (`POST /`) seen so far, in order, faulted or forwarded.
    public var requestsSeen: [String] { script.state.withLock { $0.requests.map { "\($0.method) \($0.target)" } } }

    /// The requests seen so far, with their headers and bodies.
    public var requests: [LoopbackRequest] { script.state.withLock { $0.requests } }

    /// - Parameter lifetime: the proxy stops accepting after this long, whatever happens.
    public init(upstreamPort: Int, faults: [Fault], lifetime: Duration = .seconds(120)) throws {
        let script = Script(faults)
        self.script = script
        listener = try LoopbackListener(lifetime: lifetime) { connection in
            guard let request = connection.readRequest() else { return }
            let fault = script.state.withLock { state in
                state.requests.append(request)
                return state.script.isEmpty ? Fault.forward : state.script.removeFirst()
            }
            Self.apply(fault, to: request, on: connection, upstreamPort: upstreamPort)
        }
    }

    public func stop() {
        listener.stop()
    }

    private static func apply(_ fault: Fault, to request: LoopbackRequest, on connection: LoopbackConnection, upstreamPort: Int) {
        switch fault {
        case .status(let status):
            connection.respond(status: status, headers: [("Content-Type", "text/plain")], body: Data("injected fault \(status)".utf8))
        case .throttling:
            let body = """
                <ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>\
                <RequestId>fault-proxy</RequestId></ErrorResponse>
                """
            connection.respond(status: 400, headers: [("Content-Type", "text/xml")], body: Data(body.utf8))
        case .response(let status, let headers, let body):
            connection.respond(status: status, headers: headers, body: Data(body.utf8))
        case .dropConnection:
            connection.close()
        case .forward:
            guard let upstream = LoopbackConnection.connect(toLoopbackPort: upstreamPort) else {
                connection.respond(status: 502, body: Data("fault proxy: upstream unreachable".utf8))
                return
            }
            defer { upstream.close() }
            upstream.write(request.raw)
            connection.write(upstream.readToEnd())
        }
    }
}
