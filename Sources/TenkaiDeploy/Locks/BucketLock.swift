import AWSClient
import FoundationEssentials

/// One run at a time over something shared — a service's release, an environment's deploy: an
/// object in the bootstrap bucket created with a conditional write (`If-None-Match: *`), so of two
/// runs starting together exactly one gets it. It names its holder and expires unless renewed, so
/// a killed run does not block the next one forever.
///
/// ```swift
/// let lock = BucketLock(s3: s3, bucket: bucket, key: "locks/deploy/fileshare/dev.json", holder: runID, who: arn, what: "deploy", lifetime: .seconds(1800))
/// try await lock.acquire()
/// defer { Task { await lock.release() } }
/// ```
public struct BucketLock: Sendable {
    /// What the lock object says.
    public struct Content: Codable, Sendable, Equatable {
        public var holder: String
        public var who: String
        public var what: String
        /// Seconds since 1970; `expires` is the same time for people.
        public var expiresAt: Int
        public var expires: String
    }

    /// Another run holds the lock.
    public struct Held: Error, Sendable, CustomStringConvertible {
        public var current: Content?
        public var description: String {
            guard let current else { return "another run took the lock just now" }
            return "\(current.who) holds it (\(current.what), run \(current.holder)) until \(current.expires) unless renewed"
        }
    }

    let s3: S3
    let bucket: String
    let key: String
    let holder: String
    let who: String
    let what: String
    let lifetime: Duration

    public init(s3: S3, bucket: String, key: String, holder: String, who: String, what: String, lifetime: Duration) {
        self.s3 = s3
        self.bucket = bucket
        self.key = key
        self.holder = holder
        self.who = who
        self.what = what
        self.lifetime = lifetime
    }

    private func content() -> Content {
        let expiry = Date().addingTimeInterval(Double(lifetime.components.seconds))
        return Content(
            holder: holder, who: who, what: what, expiresAt: Int(expiry.timeIntervalSince1970),
            expires: Date.ISO8601FormatStyle().format(expiry))
    }

    /// Takes the lock, or throws ``Held`` naming who holds it and until when. An expired lock is taken over.
    public func acquire() async throws {
        if try await create() { return }
        guard let current = try await read() else {
            // Released between the two calls: try once more.
            if try await create() { return }
            throw Held(current: nil)
        }
        guard current.expiresAt < Int(Date().timeIntervalSince1970) else { throw Held(current: current) }
        try await s3.deleteObject(bucket: bucket, key: key)
        guard try await create() else { throw Held(current: try await read()) }
    }

    /// Pushes the expiry on while the run goes on.
    public func renew() async throws {
        try await s3.putObject(bucket: bucket, key: key, body: .data(try Self.encode(content())), contentType: "application/json")
    }

    /// Deletes the lock if it is still this run's.
    public func release() async {
        guard let current = try? await read(), current.holder == holder else { return }
        try? await s3.deleteObject(bucket: bucket, key: key)
    }

    private func create() async throws -> Bool {
        try await s3.putObjectIfAbsent(bucket: bucket, key: key, body: try Self.encode(content()))
    }

    /// The lock object; `nil` when there is none or it is not a lock (then creating it fails and the caller says so).
    private func read() async throws -> Content? {
        do {
            return try await s3.jsonObject(Content.self, bucket: bucket, key: key)
        } catch is S3.UndecodableJSONObject {
            return nil
        }
    }

    private static func encode(_ value: Content) throws -> Data {
        try S3.encodeJSONObject(value)
    }
}
