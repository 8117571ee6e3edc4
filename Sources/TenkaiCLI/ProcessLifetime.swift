import Synchronization

/// Lets big results outlive the command that made them, until the process exits.
///
/// `tenkai synth` builds thousands of small values (templates as trees) and exits right after
/// writing them. Freeing them one by one takes about as long as rendering them did; the
/// operating system takes the whole heap back at exit for free. (Compilers do the same: clang's
/// `-disable-free`.) Only for one-shot commands whose process ends right after.
enum ProcessLifetime {
    private static let kept = Mutex<[any Sendable]>([])

    static func keepUntilExit(_ value: some Sendable) {
        kept.withLock { $0.append(value) }
    }
}
