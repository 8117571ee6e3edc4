import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Counts the open connections of one server, shared by every connection's ``ConnectionGuardHandler``.
final class ConnectionCounter: Sendable {
    private let open = Atomic<Int>(0)

    var current: Int { open.load(ordering: .relaxed) }

    /// Counts a new connection and returns how many are open with it.
    func opened() -> Int { open.add(1, ordering: .relaxed).newValue }
    func closed() { open.subtract(1, ordering: .relaxed) }
}

/// Protects the server from clients that hold connections without finishing requests, and from
/// more connections than it can serve:
/// - a connection over `maxConnections` gets `503 Service Unavailable` with `Connection: close` for
///   its first request (or is closed if none arrives within `sheddingGrace`), instead of hanging in
///   the accept queue until every client times out;
/// - a request body that pauses longer than `bodyTimeout` closes the connection.
///
/// Waiting for a request head is bounded by Hummingbird's idle time-out, which runs until a
/// complete head has arrived.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let counter: ConnectionCounter
    let maxConnections: Int
    let bodyTimeout: TimeAmount
    let sheddingGrace: TimeAmount
    private var counted = false
    private var shedding = false
    private var bodyDeadline: Scheduled<Void>?

    init(counter: ConnectionCounter, maxConnections: Int, bodyTimeout: TimeAmount, sheddingGrace: TimeAmount = .seconds(2)) {
        self.counter = counter
        self.maxConnections = maxConnections
        self.bodyTimeout = bodyTimeout
        self.sheddingGrace = sheddingGrace
    }

    func handlerAdded(context: ChannelHandlerContext) {
        counted = true
        if counter.opened() > maxConnections {
            shedding = true
            let channel = context.channel
            context.eventLoop.scheduleTask(in: sheddingGrace) { channel.close(promise: nil) }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        forget()
    }

    func channelInactive(context: ChannelHandlerContext) {
        forget()
        context.fireChannelInactive()
    }

    private func forget() {
        bodyDeadline?.cancel()
        bodyDeadline = nil
        if counted {
            counted = false
            counter.closed()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if shedding {
            if case .head = part { refuse(context) }
            return
        }
        switch part {
        case .head, .body:
            armBodyDeadline(context)
        case .end:
            bodyDeadline?.cancel()
            bodyDeadline = nil
        }
        context.fireChannelRead(data)
    }

    private func armBodyDeadline(_ context: ChannelHandlerContext) {
        bodyDeadline?.cancel()
        let channel = context.channel
        bodyDeadline = context.eventLoop.scheduleTask(in: bodyTimeout) { channel.close(promise: nil) }
    }

    private func refuse(_ context: ChannelHandlerContext) {
        shedding = false
        let message = ByteBuffer(string: #"{"error":{"code":"unavailable","message":"The server is at its connection limit; try again shortly."}}"#)
        let head = HTTPResponse(status: .serviceUnavailable, headerFields: [
            .contentType: "application/json", .contentLength: String(message.readableBytes),
            .connection: "close", .retryAfter: "1",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(message)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
