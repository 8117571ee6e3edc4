import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `map` with the elements spread over the machine's cores, results in the elements' order.
    ///
    /// For the pipeline's independent units of work (one system in one environment): resolving
    /// and rendering share nothing between them, so dev, stg and prod need not wait for each other.
    func concurrentMap<Transformed: Sendable>(_ transform: @Sendable (Element) -> Transformed) -> [Transformed] {
        guard count > 1 else { return map(transform) }
        let results = Mutex<[Transformed?]>(Array<Transformed?>(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = transform(self[index])
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.map { $0! } }
    }
}
