/// Decodes a YAML node into a `Decodable` type strictly, for the typed settings a system
/// declares for `systems.<name>` of an environment file.
///
/// Strict means what ``YAMLMappingReader`` means: a key the type never asks for is an error at
/// its own line and column (a misspelt `cloudTrial:` must not silently drop a setting), a value
/// of the wrong type is an error (`two weeks` for a number, `20` unquoted for text), and a
/// missing required key is an error at its map. Every error names the dotted path.
///
/// ```swift
/// struct ShopSettings: Decodable { var uploadDays: Int }
/// let settings = try YAMLStrictDecoder.decode(ShopSettings.self, from: node, path: "systems.shop")
/// ```
public enum YAMLStrictDecoder {
    /// The value `node` holds, or every problem found (a type error stops the decode, so it is
    /// reported alone; unknown keys are all reported together).
    public static func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode, path: String) throws(TenkaiError) -> T {
        let state = YAMLDecodingState()
        let value: T
        do {
            value = try T(from: YAMLNodeDecoder(node: node, codingPath: [], path: path, state: state))
        } catch let failure as YAMLDecodingFailure {
            throw TenkaiError(.diagnostics, "\(path) has an error", diagnostics: [failure.diagnostic])
        } catch let error as DecodingError {
            throw TenkaiError(.diagnostics, "\(path) has an error", diagnostics: [diagnostic(for: error, root: node, path: path)])
        } catch {
            throw TenkaiError(
                .diagnostics, "\(path) has an error",
                diagnostics: [.error("\(describe(path)) cannot be read: \(error)", location: node.location)])
        }
        let unknown = state.unknownKeys()
        guard unknown.isEmpty else { throw TenkaiError(.diagnostics, "\(path) has unknown keys", diagnostics: unknown) }
        return value
    }

    /// A `DecodingError` thrown by a type's own `init(from:)` (a value out of its set), placed
    /// at the node its coding path leads to.
    static func diagnostic(for error: DecodingError, root: YAMLNode, path: String) -> Diagnostic {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = join(path, context.codingPath)
            return .error(
                "missing required key '\(key.stringValue)' in \(describe(parent))",
                location: node(at: context.codingPath, in: root).location,
                hint: "add '\(key.stringValue): <value>' under \(parent)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return .error(
                "\(describe(join(path, context.codingPath))) \(context.debugDescription)",
                location: node(at: context.codingPath, in: root).location)
        @unknown default:
            return .error("\(describe(path)) cannot be read: \(error)", location: root.location)
        }
    }

    /// The deepest node `codingPath` reaches from `root`.
    static func node(at codingPath: [any CodingKey], in root: YAMLNode) -> YAMLNode {
        var current = root
        for key in codingPath {
            switch current {
            case .mapping(let pairs, _):
                guard let pair = pairs.first(where: { $0.key == key.stringValue }) else { return current }
                current = pair.value
            case .sequence(let items, _):
                guard let index = key.intValue, items.indices.contains(index) else { return current }
                current = items[index]
            case .scalar:
                return current
            }
        }
        return current
    }

    static func join(_ path: String, _ codingPath: [any CodingKey]) -> String {
        codingPath.reduce(path) { result, key in
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == "\(index)" {
                return "\(result)[\(index)]"
            }
            return result.isEmpty ? key.stringValue : "\(result).\(key.stringValue)"
        }
    }

    static func describe(_ path: String) -> String { path.isEmpty ? "the top level" : "'\(path)'" }
}

/// A problem found while decoding, already placed at its node.
struct YAMLDecodingFailure: Error {
    let diagnostic: Diagnostic
}

/// The keys each map was asked for, so the ones nobody asked for can be reported.
final class YAMLDecodingState {
    private struct MapUse {
        let path: String
        let pairs: [YAMLPair]
        var asked: Set<String> = []
    }

    private var maps: [MapUse] = []
    private var indexByPath: [String: Int] = [:]

    /// Registers a map (once per path) and returns its index for ``ask(_:in:)``.
    func register(path: String, pairs: [YAMLPair]) -> Int {
        if let index = indexByPath[path] { return index }
        maps.append(MapUse(path: path, pairs: pairs))
        indexByPath[path] = maps.count - 1
        return maps.count - 1
    }

    func ask(_ key: String, in map: Int) { maps[map].asked.insert(key) }

    /// One error per key that no decode asked for, in file order.
    func unknownKeys() -> [Diagnostic] {
        maps.flatMap { map in
            map.pairs.filter { !map.asked.contains($0.key) }.map { pair in
                let known = map.asked.sorted().joined(separator: ", ")
                return Diagnostic.error(
                    "unknown key '\(pair.key)' in \(YAMLStrictDecoder.describe(map.path))", location: pair.keyLocation,
                    hint: known.isEmpty ? "remove it" : "check its spelling (known: \(known)), or remove it")
            }
        }
    }
}

/// A coding key made from text or a list position.
struct YAMLCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }
}
