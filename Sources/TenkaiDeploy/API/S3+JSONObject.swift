import AWSClient
import FoundationEssentials

/// The small JSON documents tenkai keeps in the bootstrap bucket (locks, release state and
/// records), read and written one way: sorted keys, and "absent" told apart from "unreadable".
extension S3 {
    /// The object's body does not decode as what tenkai wrote there.
    struct UndecodableJSONObject: Error, Sendable {
        var bucket: String
        var key: String
    }

    /// The object decoded, or `nil` when there is none (also when it goes between the head and the get).
    /// Throws ``UndecodableJSONObject`` for a body that is not a `Value`.
    func jsonObject<Value: Decodable>(_ type: Value.Type, bucket: String, key: String) async throws -> Value? {
        guard try await headObject(bucket: bucket, key: key) != nil else { return nil }
        let object: S3Object
        do {
            object = try await getObject(bucket: bucket, key: key)
        } catch let error as AWSError where error.status == 404 {
            return nil
        }
        do {
            return try JSONDecoder().decode(Value.self, from: object.body)
        } catch {
            throw UndecodableJSONObject(bucket: bucket, key: key)
        }
    }

    static func encodeJSONObject(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(value)
    }
}
