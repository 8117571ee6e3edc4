import Dispatch
import Synchronization

/// Runs async deploy work from ArgumentParser's synchronous `run()` (the `tenkai` entry point
/// calls the synchronous `main()`), blocking the calling thread until it is done.
enum DeployAsync {
    static func run<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
        let outcome = Mutex<Result<Value, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<Value, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    /// Runs async work that cannot fail (an audit record's write reports its own error).
    static func runQuietly<Value: Sendable>(_ body: @escaping @Sendable () async -> Value) -> Value {
        (try? run { await body() })!
    }
}
