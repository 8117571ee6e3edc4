import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on a new thread of its own, outside Swift's cooperative pool, for work that
/// blocks for long stretches: the curl loop, waiting for a child process. (corelibs Foundation's
/// `Thread` would do, but the CLI keeps to FoundationEssentials so it starts fast.)
package func detachThread(_ body: @escaping @Sendable () -> Void) {
    final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Work(body)).toOpaque()
    var thread = pthread_t()
    let created = pthread_create(&thread, nil, { context in
        guard let context else { return nil }
        Unmanaged<Work>.fromOpaque(context).takeRetainedValue().body()
        return nil
    }, context)
    guard created == 0 else {
        // Out of threads: a Dispatch worker is the next best place (it may block the pool less well).
        Unmanaged<Work>.fromOpaque(context).release()
        DispatchQueue.global().async(execute: body)
        return
    }
    _ = pthread_detach(thread)
}
