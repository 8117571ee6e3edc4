import AWSClient
import FoundationEssentials

/// JSON objects of one service's releases in the bootstrap bucket: the lock, the state of the
/// release in flight, and the records of finished ones.
struct ReleaseBucket: Sendable {
    let s3: S3
    let bucket: String
    let prefix: String

    var lockKey: String { prefix + "lock.json" }
    var stateKey: String { prefix + "state.json" }
    /// `records/<start time>-<run>.json`, in start order; no `:` in keys (they need escaping in URLs).
    func recordKey(_ record: ReleaseRecord) -> String {
        prefix + "records/\(record.startedAt.filter { $0 != ":" })-\(record.runID).json"
    }

    func read<Value: Decodable>(_ type: Value.Type, key: String) async throws -> Value? {
        do {
            return try await s3.jsonObject(type, bucket: bucket, key: key)
        } catch is S3.UndecodableJSONObject {
            throw ReleaseError(
                .inconsistent, "s3://\(bucket)/\(key) is not what tenkai release wrote", hint: "inspect it; delete it if no release is running")
        }
    }

    func write(_ value: some Encodable, key: String) async throws {
        try await s3.putObject(bucket: bucket, key: key, body: .data(try Self.encode(value)), contentType: "application/json")
    }

    /// Writes only if the key is free; `false` when it exists.
    func create(_ value: some Encodable, key: String) async throws -> Bool {
        try await s3.putObjectIfAbsent(bucket: bucket, key: key, body: try Self.encode(value))
    }

    func delete(key: String) async throws {
        try await s3.deleteObject(bucket: bucket, key: key)
    }

    static func encode(_ value: some Encodable) throws -> Data {
        try S3.encodeJSONObject(value)
    }
}
