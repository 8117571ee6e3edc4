import AWSClient
import FoundationEssentials

extension BucketPlanStore {
    /// Marks a plan as used, once: `plans/<id>/used.json`, written only where nothing is
    /// (`If-None-Match: *`). `false` when someone used it already. A release changes nothing a
    /// later check could see if it rolled back, so this marker is what makes a release plan single-use.
    public func claim(_ id: String, by actor: String, at time: Date = Date()) async throws -> Bool {
        try PlanCoding.requireValidID(id)
        let body: [String: String] = ["planId": id, "usedBy": actor, "usedAt": time.formatted(.iso8601)]
        do {
            return try await s3.putObjectIfAbsent(bucket: bucket, key: "plans/\(id)/used.json", body: try PlanCoding.encoder.encode(body))
        } catch let error as AWSError where error.code == "NoSuchBucket" {
            throw Self.missingBucket(bucket)
        }
    }

    /// Whether someone used the plan already (read only; ``claim(_:by:at:)`` is what decides).
    public func isUsed(_ id: String) async throws -> Bool {
        try PlanCoding.requireValidID(id)
        do {
            return try await s3.headObject(bucket: bucket, key: "plans/\(id)/used.json") != nil
        } catch let error as AWSError where error.code == "NoSuchBucket" {
            throw Self.missingBucket(bucket)
        }
    }
}
