import AWSClient
import Synchronization

/// One AWS session per region, made from a base session (credentials, endpoints, transport
/// shared), and the engine's clients on top of them.
///
/// ```swift
/// let aws = AWSConnections(try AWSSession.fromEnvironment(defaultRegion: "ap-northeast-1"))
/// let api = aws.cloudFormation("eu-west-1")
/// ```
public final class AWSConnections: Sendable {
    public let base: AWSSession
    private let sessions = Mutex<[String: AWSSession]>([:])
    private let identity: CallerIdentityOnce

    /// CloudFormation throttles polling readily: more attempts, each wait capped, so a long
    /// backoff never looks like a hang (what the CDK does).
    public static let cloudFormationRetries = RetryPolicy(maximumAttempts: 7, baseDelay: .seconds(1), maximumBackoff: .seconds(15))

    public convenience init(_ base: AWSSession) {
        self.init(base, identity: CallerIdentityOnce())
    }

    private init(_ base: AWSSession, identity: CallerIdentityOnce) {
        self.base = base
        self.identity = identity
    }

    /// The credentials' identity (STS `GetCallerIdentity`), asked once for these connections.
    public func callerIdentity() async throws -> CallerIdentity {
        try await identity.get(base)
    }

    public func session(_ region: String) -> AWSSession {
        sessions.withLock { sessions in
            if let session = sessions[region] { return session }
            let session = region == base.region ? base : base.with(region: region)
            sessions[region] = session
            return session
        }
    }

    /// The CloudFormation client for a region; retries as configured (`AWS_MAX_ATTEMPTS`), else ``cloudFormationRetries``.
    public func cloudFormation(_ region: String) -> any CloudFormationAPI {
        let session = session(region)
        let retries = session.retryPolicy == .standard ? Self.cloudFormationRetries : session.retryPolicy
        return CloudFormationClientAdapter(CloudFormation(session.with(retryPolicy: retries)))
    }

    /// The same connections with every retry reported as a `retry` event: a slow or throttling
    /// endpoint shows in the live line and the JSON stream instead of looking like a hang.
    public func reportingRetries(to reporter: any DeployReporter) -> AWSConnections {
        AWSConnections(
            base.with(retryObserver: { event in
                reporter.report(DeployEvent(.retry, stack: "", stackName: "", reason: event.reason, message: event.summary))
            }), identity: identity)
    }

    public func artifacts(_ region: String) -> (any ArtifactStore)? {
        S3ArtifactStore(S3(session(region)), identity: callerIdentity)
    }
}
