/// One release per service at a time: the service's ``BucketLock``, with refusals in the
/// release's words.
struct ReleaseLock: Sendable {
    let lock: BucketLock

    init(bucket: ReleaseBucket, holder: String, who: String, image: String, lifetime: Duration) {
        lock = BucketLock(s3: bucket.s3, bucket: bucket.bucket, key: bucket.lockKey, holder: holder, who: who, what: "releasing \(image)", lifetime: lifetime)
    }

    /// Takes the lock, or throws `locked` naming who holds it and until when.
    func acquire() async throws {
        do {
            try await lock.acquire()
        } catch let held as BucketLock.Held {
            throw ReleaseError(
                .locked, "another release of this service is in flight: \(held)", hint: "wait for it; an expired lock is taken over")
        }
    }

    func renew() async throws { try await lock.renew() }

    func release() async { await lock.release() }
}
