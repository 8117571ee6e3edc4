import FoundationEssentials

/// One release per service at a time: an object created with a conditional write
/// (`If-None-Match: *`), so of two releases starting together exactly one gets it. It names its
/// holder and expires unless renewed, so a killed release does not block the next one forever.
struct ReleaseLock: Sendable {
    struct Content: Codable, Sendable, Equatable {
        var holder: String
        var who: String
        var image: String
        /// Seconds since 1970; `expires` is the same time for people.
        var expiresAt: Int
        var expires: String
    }

    let bucket: ReleaseBucket
    let holder: String
    let who: String
    let image: String
    let lifetime: Duration

    private func content() -> Content {
        let expiry = Date().addingTimeInterval(Double(lifetime.components.seconds))
        return Content(
            holder: holder, who: who, image: image, expiresAt: Int(expiry.timeIntervalSince1970),
            expires: Date.ISO8601FormatStyle().format(expiry))
    }

    /// Takes the lock, or throws `locked` naming who holds it and until when. An expired lock is taken over.
    func acquire() async throws {
        if try await bucket.create(content(), key: bucket.lockKey) { return }
        guard let current = try await bucket.read(Content.self, key: bucket.lockKey) else {
            // Released between the two calls: try once more.
            if try await bucket.create(content(), key: bucket.lockKey) { return }
            throw ReleaseError(.locked, "another release of this service took the lock just now")
        }
        guard current.expiresAt < Int(Date().timeIntervalSince1970) else {
            throw ReleaseError(
                .locked, "another release of this service is in flight: \(current.who) releasing \(current.image) (run \(current.holder))",
                hint: "wait for it; its lock expires at \(current.expires) unless it is renewed")
        }
        try await bucket.delete(key: bucket.lockKey)
        guard try await bucket.create(content(), key: bucket.lockKey) else {
            throw ReleaseError(.locked, "another release took over the expired lock first")
        }
    }

    /// Pushes the expiry on while the release runs.
    func renew() async throws {
        try await bucket.write(content(), key: bucket.lockKey)
    }

    /// Deletes the lock if it is still this release's.
    func release() async {
        guard let current = try? await bucket.read(Content.self, key: bucket.lockKey), current.holder == holder else { return }
        try? await bucket.delete(key: bucket.lockKey)
    }
}
