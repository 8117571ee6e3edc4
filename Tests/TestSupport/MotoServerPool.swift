/// One moto per mode for a whole test process, started on first use, for tests that can share
/// an emulator (they use unique names instead of resetting it).
///
/// ```swift
/// let moto = try await MotoServerPool.shared.server(authentication: true)
/// ```
///
/// The servers stop when the test process exits (moto watches its standard input).
public actor MotoServerPool {
    public static let shared = MotoServerPool()

    private var starting: [Bool: Task<MotoServer, any Error>] = [:]

    public func server(authentication: Bool) async throws -> MotoServer {
        if let task = starting[authentication] { return try await task.value }
        let task = Task { try await MotoServer.start(authentication: authentication) }
        starting[authentication] = task
        do {
            return try await task.value
        } catch {
            starting[authentication] = nil
            throw error
        }
    }
}
