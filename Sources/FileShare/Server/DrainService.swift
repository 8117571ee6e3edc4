import Foundation
import Logging
import ServiceLifecycle

/// The first thing SIGTERM reaches: `/readyz` turns unready and the server keeps serving for
/// `drainDelay`, so the load balancer takes the instance out before it stops accepting. Then the
/// HTTP server shuts down (it finishes the requests it accepted), and ``ResponseFlushService``
/// waits for bodies still streaming.
struct DrainService: Service {
    let state: ShutdownState
    let drainDelay: TimeInterval
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        state.startDraining()
        logger.notice("Draining: /readyz reports unready", metadata: ["seconds": .stringConvertible(drainDelay)])
        try? await Task.sleep(for: .seconds(drainDelay))
    }
}

/// Runs after the HTTP server has stopped: waits (at most `timeout`) until every response body
/// has been written, then leaves time for the last bytes to leave the socket buffers.
struct ResponseFlushService: Service {
    let state: ShutdownState
    let timeout: TimeInterval
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        let deadline = ContinuousClock.now + .seconds(timeout)
        while state.responsesInFlight > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if state.responsesInFlight > 0 {
            logger.warning("Shutting down with responses still being written", metadata: ["count": .stringConvertible(state.responsesInFlight)])
        }
    }
}
