import AWSClient
import Synchronization

/// Who the credentials belong to, asked of STS once per command and shared by everything that
/// needs it (the account check, the gate, the deploy lock, the bootstrap bucket's name): the
/// identity cannot change while one set of credentials is in use. A failed answer is not kept.
final class CallerIdentityOnce: Sendable {
    private let pending = Mutex<Task<CallerIdentity, any Error>?>(nil)

    func get(_ session: AWSSession) async throws -> CallerIdentity {
        let task = pending.withLock { pending in
            if let task = pending { return task }
            let task = Task { try await STS(session).getCallerIdentity() }
            pending = task
            return task
        }
        do {
            return try await task.value
        } catch {
            pending.withLock { if $0 == task { $0 = nil } }
            throw error
        }
    }
}
