/// A parsed YAML node with the place it came from, so every later error can point at it.
public indirect enum YAMLNode: Sendable, Hashable {
    /// A scalar; `isPlain` is false when it was quoted or block-styled (then it is always a string).
    case scalar(String, isPlain: Bool, at: SourceLocation)
    case sequence([YAMLNode], at: SourceLocation)
    case mapping([YAMLPair], at: SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(_, _, let location), .sequence(_, let location), .mapping(_, let location): location
        }
    }

    /// What this node is, as an error message says it ("a string", "a list", "a map").
    public var kindDescription: String {
        switch self {
        case .scalar: "a scalar"
        case .sequence: "a list"
        case .mapping: "a map"
        }
    }
}

/// One `key: value` entry of a YAML mapping; the key keeps its own location.
public struct YAMLPair: Sendable, Hashable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: YAMLNode

    public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

extension YAMLNode {
    /// A value made in code rather than read from a file (tests, tools): `plain` as written
    /// unquoted (`14`, `true`, `single`), `quoted` as a string in quotes.
    public static func plain(_ text: String) -> YAMLNode { .scalar(text, isPlain: true, at: .inMemory) }
    public static func quoted(_ text: String) -> YAMLNode { .scalar(text, isPlain: false, at: .inMemory) }
}

extension SourceLocation {
    /// Where a value made in code, not read from a file, is.
    public static let inMemory = SourceLocation(file: "<memory>", line: 1, column: 1)
}
