/// An ordered string-keyed map: CloudFormation properties in the order a translator wrote them.
///
/// Setting an existing key replaces its value in place, so overrides keep the layout stable.
public struct Fields: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: Value)
    private var keys: [String] = []
    private var values: [Value] = []

    public init() {}

    public init(_ pairs: some Sequence<(String, Value)>) {
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements)
    }

    public var isEmpty: Bool { keys.isEmpty }
    public var count: Int { keys.count }
    public var allKeys: [String] { keys }

    public subscript(key: String) -> Value? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let index = keys.firstIndex(of: key) {
                if let newValue { values[index] = newValue } else {
                    keys.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    public func mapValues(_ transform: (Value) -> Value) -> Fields {
        var copy = self
        copy.values = values.map(transform)
        return copy
    }

    /// The same fields with keys in byte order: for maps whose order carries no meaning.
    public func sortedByKey() -> Fields {
        Fields(zip(keys, values).sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
    }

    public func makeIterator() -> some IteratorProtocol<Element> {
        zip(keys, values).lazy.map { (key: $0.0, value: $0.1) }.makeIterator()
    }
}
