import AWSClient
import Foundation
import Synchronization
import Testing

@Suite("Refreshing temporary credentials")
struct RefreshingCredentialProviderTests {
    /// Hands out numbered credentials that expire `lifetime` from now, counting calls.
    final class CountingProvider: CredentialProvider {
        let calls = Mutex(0)
        let lifetime: TimeInterval
        var name: String { "counting" }

        init(lifetime: TimeInterval) { self.lifetime = lifetime }

        func resolve() async throws -> AWSCredentials? {
            let number = calls.withLock { $0 += 1; return $0 }
            try await Task.sleep(for: .milliseconds(20))
            return AWSCredentials(accessKeyID: "KEY\(number)", secretAccessKey: "s", sessionToken: "t", expiration: Date().addingTimeInterval(lifetime))
        }
    }

    @Test func credentialsAreCachedWhileFarFromExpiry() async throws {
        let source = CountingProvider(lifetime: 3600)
        let provider = RefreshingCredentialProvider(source)
        #expect(try await provider.resolve()?.accessKeyID == "KEY1")
        #expect(try await provider.resolve()?.accessKeyID == "KEY1")
        #expect(source.calls.withLock { $0 } == 1)
    }

    @Test func credentialsAreRefreshedBeforeTheyExpire() async throws {
        let source = CountingProvider(lifetime: 120)  // inside the 5-minute margin
        let provider = RefreshingCredentialProvider(source)
        #expect(try await provider.resolve()?.accessKeyID == "KEY1")
        #expect(try await provider.resolve()?.accessKeyID == "KEY2")
    }

    @Test func concurrentCallersShareOneRefresh() async throws {
        let source = CountingProvider(lifetime: 3600)
        let provider = RefreshingCredentialProvider(source)
        let keys = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<8 { group.addTask { try await provider.resolve()?.accessKeyID } }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(Set(keys) == ["KEY1"])
        #expect(source.calls.withLock { $0 } == 1)
    }
}
