import FoundationEssentials

/// Caches another provider's credentials and fetches new ones before they expire.
///
/// Temporary credentials are refreshed once less than ``refreshMargin`` of their life is left;
/// concurrent callers share one refresh. If a refresh fails while the old credentials are still
/// valid, those are used and the next call tries again.
public actor RefreshingCredentialProvider: CredentialProvider {
    public nonisolated let source: any CredentialProvider
    public nonisolated let refreshMargin: Duration
    public nonisolated var name: String { source.name }
    public nonisolated var whyNotConfigured: String { source.whyNotConfigured }

    private var cached: AWSCredentials?
    private var refresh: Task<AWSCredentials?, any Error>?

    public init(_ source: any CredentialProvider, refreshMargin: Duration = .seconds(300)) {
        self.source = source
        self.refreshMargin = refreshMargin
    }

    public func resolve() async throws -> AWSCredentials? {
        let now = Date()
        if let cached, !cached.isExpired(at: now, margin: refreshMargin) { return cached }
        let task: Task<AWSCredentials?, any Error>
        if let refresh {
            task = refresh
        } else {
            let source = self.source
            task = Task { try await source.resolve() }
            refresh = task
        }
        do {
            let fresh = try await task.value
            refresh = nil
            cached = fresh
            return fresh
        } catch {
            refresh = nil
            if let cached, !cached.isExpired(at: Date()) { return cached }
            throw error
        }
    }
}
