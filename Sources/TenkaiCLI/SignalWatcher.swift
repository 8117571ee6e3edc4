import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT and SIGTERM into a call, so a long run can stop starting work, record what
/// finished and say so, instead of dying mid-stream. A second signal ends the process at once.
///
/// ```swift
/// let work = Task { await run.run() }
/// let signals = SignalWatcher { name in print("\(name): stopping"); work.cancel() }
/// defer { signals.stop() }
/// ```
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    /// `onSignal` gets the signal's name as a message says it ("SIGINT (Ctrl-C)", "SIGTERM").
    init(_ onSignal: @escaping @Sendable (String) -> Void) {
        let queue = DispatchQueue(label: "tenkai.signals")
        let received = ReceivedSignals()
        sources = [(SIGINT, "SIGINT (Ctrl-C)"), (SIGTERM, "SIGTERM")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if received.count() > 1 {
                    signal(number, SIG_DFL)
                    raise(number)
                }
                onSignal(name)
            }
            source.resume()
            return source
        }
    }

    /// Gives the signals their default meaning back.
    func stop() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Counted on the watcher's serial queue only.
    private final class ReceivedSignals: @unchecked Sendable {
        private var received = 0
        func count() -> Int {
            received += 1
            return received
        }
    }
}
