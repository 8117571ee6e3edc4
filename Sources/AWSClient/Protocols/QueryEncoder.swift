import FoundationEssentials

/// Encodes `Encodable` inputs as AWS query-protocol parameters (CloudFormation, STS, ELBv2,
/// CloudWatch): `StackName=app`, `Parameters.member.1.ParameterKey=Size`,
/// `Tags.member.2.Value=…`. Property names get their first letter upper-cased; `nil` values and
/// empty lists are left out.
///
/// ```swift
/// struct Input: Encodable { var stackName: String; var capabilities: [String] }
/// try QueryEncoder().encode(Input(stackName: "app", capabilities: ["CAPABILITY_IAM"]))
/// // [("StackName", "app"), ("Capabilities.member.1", "CAPABILITY_IAM")]
/// ```
public struct QueryEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> [(String, String)] {
        let storage = QueryStorage()
        try value.encode(to: QueryValueEncoder(prefix: "", storage: storage, codingPath: []))
        return storage.parameters
    }

    /// `application/x-www-form-urlencoded` body text: unreserved characters kept, a space as `+`,
    /// everything else `%XX` — byte for byte what botocore sends, which emulators that re-encode
    /// the parsed form to check the signature (moto) depend on.
    public static func formBody(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(escape($0.0, spaceAsPlus: true))=\(escape($0.1, spaceAsPlus: true))" }.joined(separator: "&")
    }

    /// RFC 3986 escaping (`%20` for a space, as URLs need), or form escaping with `+` for a space.
    static func escape(_ text: String, spaceAsPlus: Bool = false) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                escaped.unicodeScalars.append(UnicodeScalar(byte))
            case UInt8(ascii: " ") where spaceAsPlus:
                escaped += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                escaped += byte < 16 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return escaped
    }
}

private final class QueryStorage {
    var parameters: [(String, String)] = []
}

private struct QueryValueEncoder: Encoder {
    let prefix: String
    let storage: QueryStorage
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(QueryKeyedContainer<Key>(prefix: prefix, storage: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        QueryUnkeyedContainer(prefix: prefix, storage: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        QuerySingleValueContainer(prefix: prefix, storage: storage, codingPath: codingPath)
    }
}

private func join(_ prefix: String, _ name: String) -> String {
    prefix.isEmpty ? name : "\(prefix).\(name)"
}

private func encodeValue(_ value: some Encodable, at name: String, storage: QueryStorage, codingPath: [any CodingKey]) throws {
    switch value {
    case let text as String: storage.parameters.append((name, text))
    case let flag as Bool: storage.parameters.append((name, flag ? "true" : "false"))
    case let date as Date: storage.parameters.append((name, ISO8601Timestamp.format(date)))
    case let number as Int: storage.parameters.append((name, String(number)))
    case let number as Int64: storage.parameters.append((name, String(number)))
    case let number as Double: storage.parameters.append((name, String(number)))
    default: try value.encode(to: QueryValueEncoder(prefix: name, storage: storage, codingPath: codingPath))
    }
}

private struct QueryKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let prefix: String
    let storage: QueryStorage
    let codingPath: [any CodingKey]

    private func name(_ key: Key) -> String {
        join(prefix, XMLTreeDecoder.elementName(for: key))
    }

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, at: name(key), storage: storage, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(QueryKeyedContainer<NestedKey>(prefix: name(key), storage: storage, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        QueryUnkeyedContainer(prefix: name(key), storage: storage, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        QueryValueEncoder(prefix: prefix, storage: storage, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        QueryValueEncoder(prefix: name(key), storage: storage, codingPath: codingPath + [key])
    }
}

private struct QueryUnkeyedContainer: UnkeyedEncodingContainer {
    let prefix: String
    let storage: QueryStorage
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(prefix: String, storage: QueryStorage, codingPath: [any CodingKey]) {
        self.prefix = prefix
        self.storage = storage
        self.codingPath = codingPath
    }

    private mutating func nextName() -> String {
        count += 1
        return "\(prefix).member.\(count)"
    }

    mutating func encodeNil() throws {}

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, at: nextName(), storage: storage, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(QueryKeyedContainer<NestedKey>(prefix: nextName(), storage: storage, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        QueryUnkeyedContainer(prefix: nextName(), storage: storage, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        QueryValueEncoder(prefix: nextName(), storage: storage, codingPath: codingPath)
    }
}

private struct QuerySingleValueContainer: SingleValueEncodingContainer {
    let prefix: String
    let storage: QueryStorage
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {}

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, at: prefix, storage: storage, codingPath: codingPath)
    }
}
