/// The reusable memory of one signature: hashing contexts and the canonical request's buffers.
///
/// The signer keeps a few idle workspaces; one signature borrows one, so a steady stream of signatures
/// allocates almost nothing. A workspace is used by one thread at a time (taken from and given back
/// to the signer's pool under its lock), which is why it may be marked Sendable.
final class SigningWorkspace: @unchecked Sendable {
    let hashing: HashingContext
    var builder = CanonicalRequestBuilder()

    /// The last signing time, kept because consecutive signatures mostly fall in the same second.
    private var lastEpochSeconds: Int64 = -1
    private var lastDate: AMZDate?
    /// `lastDate` as sent in `X-Amz-Date`.
    private(set) var amzDateString = ""
    /// The scope of the last signature: checked before the shared cache, without taking the lock.
    private var lastScope: SigningScope?

    init() throws(SigV4Error) {
        hashing = try HashingContext()
    }

    /// `idle` when the pool had one, else a new workspace.
    static func reusing(_ idle: SigningWorkspace?) throws(SigV4Error) -> SigningWorkspace {
        if let idle { return idle }
        return try SigningWorkspace()
    }

    func amzDate(epochSeconds: Int64) throws(SigV4Error) -> AMZDate {
        if epochSeconds == lastEpochSeconds, let lastDate { return lastDate }
        let date = try AMZDate(epochSeconds: epochSeconds)
        lastEpochSeconds = epochSeconds
        lastDate = date
        amzDateString = date.timestampString
        return date
    }

    func recentScope(for credentials: AWSCredentials, day: Int, configuration: SigningConfiguration) -> SigningScope? {
        guard let lastScope, lastScope.matches(credentials, day: day, region: configuration.region, service: configuration.service)
        else { return nil }
        return lastScope
    }

    func remember(_ scope: SigningScope) {
        lastScope = scope
    }

    /// Signs `request`; the canonical pieces stay readable in `builder` until the next signature.
    func computeSignature(
        of request: SigV4Request,
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        date: AMZDate,
        scope: SigningScope,
        mode: SigningMode
    ) throws(SigV4Error) -> SHA256Digest {
        try builder.computeSignature(
            of: request, hashing: hashing, credentials: credentials, configuration: configuration, date: date, scope: scope, mode: mode
        )
    }
}
