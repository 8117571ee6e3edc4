/// The `Decoder` behind ``YAMLStrictDecoder``: one node, its coding path and dotted path.
struct YAMLNodeDecoder: Decoder {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let path: String
    let state: YAMLDecodingState
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let pairs, _) = node else { throw mismatch("a map") }
        let map = state.register(path: path, pairs: pairs)
        return KeyedDecodingContainer(YAMLKeyedContainer<Key>(decoder: self, pairs: pairs, map: map))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items, _) = node else { throw mismatch("a list") }
        return YAMLUnkeyedContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { YAMLSingleValueContainer(decoder: self) }

    /// The decoder of a child node.
    func child(_ node: YAMLNode, key: any CodingKey) -> YAMLNodeDecoder {
        let childPath =
            if let index = key.intValue { "\(path)[\(index)]" } else { path.isEmpty ? key.stringValue : "\(path).\(key.stringValue)" }
        return YAMLNodeDecoder(node: node, codingPath: codingPath + [key], path: childPath, state: state)
    }

    /// "'systems.shop.uploadDays' must be a whole number, not 'many'", at the node.
    func mismatch(_ expected: String, hint: String? = nil) -> YAMLDecodingFailure {
        let actual: String = if case .scalar(let text, _, _) = node { "'\(text)'" } else { node.kindDescription }
        return YAMLDecodingFailure(
            diagnostic: .error(
                "\(YAMLStrictDecoder.describe(path)) must be \(expected), not \(actual)", location: node.location, hint: hint))
    }

    var isNull: Bool {
        if case .scalar(let text, true, _) = node { return text == "null" || text == "~" || text.isEmpty }
        return false
    }

    // MARK: - Scalars

    func decodeString() throws -> String {
        guard case .scalar(let text, let isPlain, _) = node else { throw mismatch("text") }
        if isPlain, YAMLImplicitTypes.needsQuotes(text) {
            let hint = if let key = codingPath.last, key.intValue == nil { "quote it: \(key.stringValue): \"\(text)\"" } else { "quote it: \"\(text)\"" }
            throw mismatch("text", hint: hint)
        }
        return text
    }

    func decodeBool() throws -> Bool {
        if case .scalar(let text, true, _) = node {
            if text == "true" { return true }
            if text == "false" { return false }
        }
        throw mismatch("true or false")
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .scalar(let text, true, _) = node, let value = T(text) else {
            throw mismatch(T.isSigned ? "a whole number" : "a whole number, 0 or more")
        }
        return value
    }

    func decodeDouble() throws -> Double {
        guard case .scalar(let text, true, _) = node, let value = Double(text), value.isFinite else { throw mismatch("a number") }
        return value
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type: try decodeString() as! T
        case is Bool.Type: try decodeBool() as! T
        case is Int.Type: try decodeInteger(Int.self) as! T
        case is Double.Type: try decodeDouble() as! T
        default: try T(from: self)
        }
    }
}

struct YAMLKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: YAMLNodeDecoder
    let pairs: [YAMLPair]
    let map: Int

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { pairs.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool {
        decoder.state.ask(key.stringValue, in: map)
        return pairs.contains { $0.key == key.stringValue }
    }

    private func child(_ key: Key) throws -> YAMLNodeDecoder {
        decoder.state.ask(key.stringValue, in: map)
        guard let pair = pairs.first(where: { $0.key == key.stringValue }) else {
            throw YAMLDecodingFailure(
                diagnostic: .error(
                    "missing required key '\(key.stringValue)' in \(YAMLStrictDecoder.describe(decoder.path))",
                    location: decoder.node.location, hint: "add '\(key.stringValue): <value>' under \(decoder.path)"))
        }
        return decoder.child(pair.value, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.state.ask(key.stringValue, in: map)
        guard let pair = pairs.first(where: { $0.key == key.stringValue }) else { return true }
        return decoder.child(pair.value, key: key).isNull
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decodeBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decodeString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decodeDouble() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try child(key).decodeDouble()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decodeInteger(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).decodeInteger(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).decodeInteger(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).decodeInteger(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).decodeInteger(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

struct YAMLUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: YAMLNodeDecoder
    let items: [YAMLNode]
    var currentIndex = 0

    init(decoder: YAMLNodeDecoder, items: [YAMLNode]) {
        self.decoder = decoder
        self.items = items
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> YAMLNodeDecoder {
        guard !isAtEnd else {
            throw YAMLDecodingFailure(
                diagnostic: .error("\(YAMLStrictDecoder.describe(decoder.path)) has too few items", location: decoder.node.location))
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: YAMLCodingKey(intValue: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, decoder.child(items[currentIndex], key: YAMLCodingKey(intValue: currentIndex)).isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct YAMLSingleValueContainer: SingleValueDecodingContainer {
    let decoder: YAMLNodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.decodeDouble()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}
