import FoundationEssentials

/// Decodes `Decodable` output types from an ``XMLTree`` the way AWS's XML protocols lay them out.
///
/// - A property `stackName` reads the child element `StackName` (first letter upper-cased).
/// - A list reads either a wrapped list (`<Stacks><member>…</member></Stacks>`) or a flattened
///   one (S3's repeated `<Contents>` elements); a missing list decodes as empty.
/// - Booleans are `true`/`false`, numbers are decimal text, dates are ISO 8601 (with or without
///   fractional seconds).
///
/// ```swift
/// struct Stack: Decodable { var stackName: String; var outputs: [Output] }
/// let stacks = try XMLTreeDecoder().decode([Stack].self, from: result["Stacks"]!)
/// ```
public struct XMLTreeDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from element: XMLTree) throws -> T {
        try T(from: XMLElementDecoder(elements: [element], codingPath: []))
    }

    static func elementName(for key: some CodingKey) -> String {
        let name = key.stringValue
        guard let first = name.first else { return name }
        return first.uppercased() + name.dropFirst()
    }
}

/// Decoding state: the element (or, for a flattened list, the sibling elements) being decoded.
private struct XMLElementDecoder: Decoder {
    let elements: [XMLTree]
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var element: XMLTree { elements.first ?? XMLTree(name: "") }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(XMLKeyedContainer<Key>(element: element, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        XMLUnkeyedContainer(items: listItems, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        XMLSingleValueContainer(element: element, codingPath: codingPath)
    }

    /// Wrapped lists hold `member` (or `item`) children; anything else is a flattened list made
    /// of the sibling elements themselves.
    private var listItems: [XMLTree] {
        guard elements.count == 1 else { return elements }
        let only = element
        if only.children.isEmpty {
            return only.text.trimmed().isEmpty ? [] : [only]
        }
        if only.children.allSatisfy({ $0.name == "member" || $0.name == "item" }) { return only.children }
        return [only]
    }
}

private struct XMLKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let element: XMLTree
    let codingPath: [any CodingKey]

    var allKeys: [Key] {
        element.children.compactMap { child in
            let lowered = (child.name.first?.lowercased() ?? "") + child.name.dropFirst()
            return Key(stringValue: lowered)
        }
    }

    func contains(_ key: Key) -> Bool {
        element[XMLTreeDecoder.elementName(for: key)] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        !contains(key)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let matches = element.children(named: XMLTreeDecoder.elementName(for: key))
        if matches.isEmpty {
            if let empty = (T.self as? any EmptyList.Type)?.empty as? T { return empty }
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath, debugDescription: "no <\(XMLTreeDecoder.elementName(for: key))> in <\(element.name)>"
            ))
        }
        return try XMLValue.decode(T.self, from: matches, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let child = element[XMLTreeDecoder.elementName(for: key)] ?? XMLTree(name: key.stringValue)
        return KeyedDecodingContainer(XMLKeyedContainer<NestedKey>(element: child, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let decoder = XMLElementDecoder(elements: element.children(named: XMLTreeDecoder.elementName(for: key)), codingPath: codingPath + [key])
        return try decoder.unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        XMLElementDecoder(elements: [element], codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        XMLElementDecoder(elements: element.children(named: XMLTreeDecoder.elementName(for: key)), codingPath: codingPath + [key])
    }
}

private struct XMLUnkeyedContainer: UnkeyedDecodingContainer {
    let items: [XMLTree]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [XMLTree], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(T.self, .init(codingPath: codingPath, debugDescription: "list ended"))
        }
        defer { currentIndex += 1 }
        return try XMLValue.decode(T.self, from: [items[currentIndex]], codingPath: codingPath + [ListIndex(currentIndex)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        defer { currentIndex += 1 }
        return KeyedDecodingContainer(XMLKeyedContainer<NestedKey>(element: items[currentIndex], codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        defer { currentIndex += 1 }
        return try XMLElementDecoder(elements: [items[currentIndex]], codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        defer { currentIndex += 1 }
        return XMLElementDecoder(elements: [items[currentIndex]], codingPath: codingPath)
    }
}

private struct XMLSingleValueContainer: SingleValueDecodingContainer {
    let element: XMLTree
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try XMLValue.decode(T.self, from: [element], codingPath: codingPath)
    }
}

private struct ListIndex: CodingKey {
    let intValue: Int?
    var stringValue: String { "[\(intValue ?? 0)]" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// Leaf values from element text; everything else recurses through the decoder.
private enum XMLValue {
    static func decode<T: Decodable>(_ type: T.Type, from elements: [XMLTree], codingPath: [any CodingKey]) throws -> T {
        let text = elements.first?.text.trimmed() ?? ""
        func invalid(_ expected: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: codingPath, debugDescription: "expected \(expected), found \"\(text)\""))
        }
        let value: Any?
        switch T.self {
        case is String.Type: value = elements.first?.text ?? ""
        case is Bool.Type:
            switch text.lowercased() {
            case "true": value = true
            case "false": value = false
            default: throw invalid("true or false")
            }
        case is Int.Type: value = Int(text)
        case is Int64.Type: value = Int64(text)
        case is UInt64.Type: value = UInt64(text)
        case is Int32.Type: value = Int32(text)
        case is Double.Type: value = Double(text)
        case is Date.Type: value = ISO8601Timestamp.parse(text)
        default:
            return try T(from: XMLElementDecoder(elements: elements, codingPath: codingPath))
        }
        guard let typed = value as? T else { throw invalid("\(T.self)") }
        return typed
    }
}

/// Lists, which AWS leaves out of an answer entirely when empty (strings are not lists here).
private protocol EmptyList {
    static var empty: Self { get }
}

extension Array: EmptyList {
    static var empty: Array { [] }
}
