/// Reads a YAML map strictly into typed values, collecting every problem as a ``Diagnostic``.
///
/// Each key read is remembered; ``finish()`` reports the keys nobody read as unknown, so a typo
/// such as `multiAz:` is an error at its own line and column instead of a silent default.
///
/// ```swift
/// var reader = YAMLMappingReader(node, path: "alarms", diagnostics: &diagnostics)
/// let email = reader.optionalString("email")
/// reader.finish()
/// ```
public struct YAMLMappingReader {
    public let location: SourceLocation
    /// The dotted path of this map inside its file (`systems.fileshare`), for messages.
    public let path: String
    private let pairs: [YAMLPair]
    private var read: Set<String> = []
    private var problems: [Diagnostic] = []

    /// A reader over `node`; a node that is not a map is reported and reads as empty.
    public init(_ node: YAMLNode, path: String) {
        self.location = node.location
        self.path = path
        if case .mapping(let pairs, _) = node {
            self.pairs = pairs
        } else {
            self.pairs = []
            problems.append(.error("\(Self.describe(path)) must be a map, not \(node.kindDescription)", location: node.location))
        }
    }

    /// Every key of the map, in file order (for maps whose keys are names, like `systems`).
    public var keys: [String] { pairs.map(\.key) }

    /// Where each key of the map is written.
    public var keyLocations: [String: SourceLocation] {
        Dictionary(pairs.map { ($0.key, $0.keyLocation) }, uniquingKeysWith: { first, _ in first })
    }

    public mutating func node(_ key: String) -> YAMLNode? {
        read.insert(key)
        return pairs.first { $0.key == key }?.value
    }

    public mutating func requiredString(_ key: String, hint: String? = nil) -> String? {
        guard let node = node(key) else { return missing(key, hint: hint) }
        return string(node, key: key)
    }

    public mutating func optionalString(_ key: String) -> String? {
        node(key).flatMap { string($0, key: key) }
    }

    public mutating func requiredBool(_ key: String) -> Bool? {
        guard let node = node(key) else { return missing(key, hint: "add '\(key): true' or '\(key): false'") }
        return bool(node, key: key)
    }

    public mutating func optionalBool(_ key: String) -> Bool? {
        node(key).flatMap { bool($0, key: key) }
    }

    public mutating func optionalInt(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
        node(key).flatMap { int($0, key: key, in: range) }
    }

    public mutating func requiredInt(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let node = node(key) else { return missing(key, hint: nil) }
        return int(node, key: key, in: range)
    }

    /// A value from a fixed set, such as `tier: production`.
    public mutating func requiredEnum<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type) -> T?
    where T.RawValue == String {
        let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
        guard let node = node(key) else { return missing(key, hint: "one of: \(allowed)") }
        guard let text = string(node, key: key) else { return nil }
        guard let value = T(rawValue: text) else {
            problems.append(
                .error("\(describe(key)) is '\(text)', which is not one of: \(allowed)", location: node.location))
            return nil
        }
        return value
    }

    /// A nested map, read by `body`; its problems join this reader's.
    public mutating func optionalMap<T>(_ key: String, _ body: (inout YAMLMappingReader) -> T?) -> T? {
        guard let node = node(key) else { return nil }
        var nested = YAMLMappingReader(node, path: join(key))
        let value = body(&nested)
        problems += nested.finish()
        return value
    }

    /// A list whose items are read by `body`, given each item, its path, and where to put problems.
    public mutating func optionalList<T>(_ key: String, _ body: (YAMLNode, String, inout [Diagnostic]) -> T?) -> [T]? {
        guard let node = node(key) else { return nil }
        guard case .sequence(let items, _) = node else {
            problems.append(.error("\(describe(key)) must be a list, not \(node.kindDescription)", location: node.location))
            return nil
        }
        var found: [Diagnostic] = []
        let values = items.enumerated().compactMap { body($0.element, "\(join(key))[\($0.offset)]", &found) }
        problems += found
        return values
    }

    /// Records a problem found by the caller (a value that is well-typed but not acceptable).
    public mutating func report(_ diagnostic: Diagnostic) { problems.append(diagnostic) }

    /// The problems found, including one per key that was never read.
    public mutating func finish() -> [Diagnostic] {
        for pair in pairs where !read.contains(pair.key) {
            let known = read.sorted().joined(separator: ", ")
            problems.append(
                .error(
                    "unknown key '\(pair.key)' in \(Self.describe(path))", location: pair.keyLocation,
                    hint: known.isEmpty ? "remove it" : "remove it, or use one of: \(known)"))
        }
        defer { problems = [] }
        return problems
    }

    // MARK: - Scalars

    public mutating func string(_ node: YAMLNode, key: String) -> String? {
        guard case .scalar(let text, let isPlain, _) = node else { return wrongType(node, key: key, expected: "a string") }
        if isPlain, YAMLImplicitTypes.needsQuotes(text) {
            return wrongType(node, key: key, expected: "a string", hint: "quote it: \(key): \"\(text)\"")
        }
        return text
    }

    private mutating func bool(_ node: YAMLNode, key: String) -> Bool? {
        if case .scalar(let text, true, _) = node {
            if text == "true" { return true }
            if text == "false" { return false }
        }
        return wrongType(node, key: key, expected: "true or false")
    }

    private mutating func int(_ node: YAMLNode, key: String, in range: ClosedRange<Int>?) -> Int? {
        guard case .scalar(let text, true, _) = node, let value = Int(text) else {
            return wrongType(node, key: key, expected: "a whole number")
        }
        if let range, !range.contains(value) {
            problems.append(
                .error(
                    "\(describe(key)) is \(value), outside \(range.lowerBound)...\(range.upperBound)",
                    location: node.location))
            return nil
        }
        return value
    }

    private mutating func wrongType<T>(_ node: YAMLNode, key: String, expected: String, hint: String? = nil) -> T? {
        let actual: String =
            if case .scalar(let text, _, _) = node { "'\(text)'" } else { node.kindDescription }
        problems.append(.error("\(describe(key)) must be \(expected), not \(actual)", location: node.location, hint: hint))
        return nil
    }

    private mutating func missing<T>(_ key: String, hint: String?) -> T? {
        problems.append(.error("missing required key '\(key)' in \(Self.describe(path))", location: location, hint: hint))
        return nil
    }

    private func join(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    private func describe(_ key: String) -> String { "'\(join(key))'" }
    private static func describe(_ path: String) -> String { path.isEmpty ? "the top level" : "'\(path)'" }
}
