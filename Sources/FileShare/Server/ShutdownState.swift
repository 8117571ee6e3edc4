import Synchronization

/// What graceful shutdown needs to know across the service: whether the instance is draining
/// (so `/readyz` answers 503 and the load balancer stops sending), and how many responses are
/// still being written.
final class ShutdownState: Sendable {
    private let draining = Atomic<Bool>(false)
    private let inFlight = Atomic<Int>(0)

    var isDraining: Bool { draining.load(ordering: .relaxed) }
    var responsesInFlight: Int { inFlight.load(ordering: .relaxed) }

    func startDraining() { draining.store(true, ordering: .relaxed) }
    func responseStarted() { inFlight.add(1, ordering: .relaxed) }
    func responseFinished() { inFlight.subtract(1, ordering: .relaxed) }
}
