import AWSClient
import FoundationEssentials

/// Releases running (or interrupted) in an environment, so a deploy does not update a stack under
/// one: a deploy would otherwise change the stack's service while traffic is split, or while
/// green serves and the stack's own service waits for the hand-back. Found with one
/// `ListObjectsV2` of the bootstrap bucket's `releases` keys (more pages only past 1,000
/// objects); an object is read only when one is found.
///
/// ```swift
/// if let refusal = try await ReleasesInFlight(s3: S3(session), bucket: bucket).refusal(environment: "prod", systems: ["fileshare"]) {
///     throw refusal
/// }
/// ```
public struct ReleasesInFlight: Sendable {
    /// One release whose state or lock is in the bucket.
    public struct Release: Sendable, Equatable {
        public var system: String
        public var service: String
        public var runID: String
        public var who: String
        /// When it started (state), or until when its lock holds (lock only).
        public var since: String
        public var image: String?
        /// The other containers' images of the release, by name (none when it sets one image).
        public var containerImages: [String: String]? = nil
        /// `migrating`, `green`, `shifting`, `handingBack`, or `starting` (only a lock yet).
        public var phase: String
    }

    let s3: S3
    let bucket: String

    public init(s3: S3, bucket: String) {
        self.s3 = s3
        self.bucket = bucket
    }

    /// The releases of `systems` in `environment` with a state object, or a lock that has not expired.
    public func find(environment: String, systems: [String]) async throws -> [Release] {
        var keys: [String] = []
        var token: String?
        repeat {
            // "releases", not "releases/": moto checks a prefix with "/" against the decoded query.
            let page = try await s3.listObjectsV2(bucket: bucket, prefix: "releases", continuationToken: token)
            keys += page.contents.map(\.key)
            token = page.isTruncated ? page.nextContinuationToken : nil
        } while token != nil
        var found: [String: Release] = [:]
        for key in keys.sorted() {
            // releases/<system>/<environment>/<service>/(state|lock).json
            let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5, parts[0] == "releases", systems.contains(parts[1]), parts[2] == environment,
                parts[4] == "state.json" || parts[4] == "lock.json"
            else { continue }
            let (system, service) = (parts[1], parts[3])
            if parts[4] == "lock.json" {
                guard let lock = try await s3.jsonObject(BucketLock.Content.self, bucket: bucket, key: key),
                    lock.expiresAt >= Int(Date().timeIntervalSince1970), found[system + "/" + service] == nil
                else { continue }
                found[system + "/" + service] = Release(
                    system: system, service: service, runID: lock.holder, who: lock.who, since: "now, its lock holding until \(lock.expires)",
                    image: nil, phase: "starting")
            } else if let state = try await s3.jsonObject(ReleaseState.self, bucket: bucket, key: key) {
                found[system + "/" + service] = Release(
                    system: system, service: service, runID: state.runID, who: state.who ?? "someone", since: state.startedAt, image: state.image,
                    containerImages: state.containerImages, phase: state.phase.rawValue)
            }
        }
        return found.values.sorted { ($0.system, $0.service) < ($1.system, $1.service) }
    }

    /// The deploy's refusal naming each release in flight and how to go on, or `nil` when there is none.
    public func refusal(environment: String, systems: [String]) async throws -> DeployError? {
        let releases = try await find(environment: environment, systems: systems)
        guard let first = releases.first else { return nil }
        let named = releases.map { release in
            "\(release.system)/\(release.service) (run \(release.runID) by \(release.who), since \(release.since)"
                + (release.image.map { ", \($0)" } ?? "") + ", \(release.phase))"
        }.joined(separator: "; ")
        let command = "tenkai release --env \(environment) --system \(first.system) --service \(first.service) "
            + (first.image.map { ImageArguments.of($0, first.containerImages) } ?? "--image IMAGE")
        let hint =
            first.phase == "handingBack"
            ? "the release is done but its hand-back to the stack's service did not finish; run `\(command)` to finish it, then deploy. "
                + "If the stack itself must be fixed first, delete s3://\(bucket)/releases/\(first.system)/\(environment)/\(first.service)/state.json: "
                + "green keeps serving the released image, a deploy then changes only the stack's service, and the next release goes to it"
            : "wait for the release to finish; if it was interrupted, `\(command)` finishes it (another image rolls it back first), then deploy"
        return DeployError(
            .stackBusy, "a release is in flight in environment \(environment), so no stack of it is updated: \(named)", hint: hint)
    }
}
