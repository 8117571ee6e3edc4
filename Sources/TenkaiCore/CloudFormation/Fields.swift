/// An ordered string-keyed map: CloudFormation properties in the order a translator wrote them.
///
/// Setting an existing key replaces its value in place, so overrides keep the layout stable.
/// Property maps are small, so a flat array beats hashing here, and iterating it allocates nothing.
public struct Fields: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: Value)

    private struct Entry: Sendable, Hashable {
        var key: String
        var value: Value
    }

    private var entries: [Entry] = []

    public init() {}

    public init(_ pairs: some Sequence<(String, Value)>) {
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements)
    }

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }
    public subscript(position: Int) -> Element { (entries[position].key, entries[position].value) }

    public var allKeys: [String] { entries.map(\.key) }

    public subscript(key: String) -> Value? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    public func mapValues(_ transform: (Value) -> Value) -> Fields {
        var copy = self
        for index in copy.entries.indices { copy.entries[index].value = transform(copy.entries[index].value) }
        return copy
    }

    /// The same fields with keys in byte order: for maps whose order carries no meaning.
    public func sortedByKey() -> Fields {
        var copy = self
        copy.entries.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        return copy
    }
}
