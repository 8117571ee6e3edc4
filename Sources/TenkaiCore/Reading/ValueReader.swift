/// Reads typed fields out of a ``Value`` read from a file, with errors that name the file and
/// the key path (`manifest.json: stacks[2].sha256 must be a string`).
public struct ValueReader {
    public let value: Value
    let file: String
    let path: String

    public init(_ value: Value, file: String, path: String = "") {
        self.value = value
        self.file = file
        self.path = path
    }

    public func error(_ message: String) -> TenkaiError {
        TenkaiError(
            .invalidInput, "\(file): \(path.isEmpty ? "" : "\(path): ")\(message)",
            hint: "the file was not written by this tenkai, or was changed by hand; synthesize it again")
    }

    private func field(_ key: String) throws(TenkaiError) -> Value {
        guard let fields = value.fieldsValue else { throw error("must be an object") }
        guard let field = fields[key] else { throw error("'\(key)' is missing") }
        return field
    }

    private func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func string(_ key: String) throws(TenkaiError) -> String {
        guard let text = try field(key).stringValue else { throw error("'\(key)' must be a string") }
        return text
    }

    /// A field as it is, whatever its type.
    public func value(_ key: String) throws(TenkaiError) -> Value { try field(key) }

    public func optionalString(_ key: String) -> String? { value.fieldsValue?[key]?.stringValue }

    public func int(_ key: String) throws(TenkaiError) -> Int {
        guard let number = try field(key).intValue else { throw error("'\(key)' must be a whole number") }
        return number
    }

    public func object(_ key: String) throws(TenkaiError) -> ValueReader {
        let field = try field(key)
        guard field.fieldsValue != nil else { throw error("'\(key)' must be an object") }
        return ValueReader(field, file: file, path: child(key))
    }

    public func list(_ key: String) throws(TenkaiError) -> [ValueReader] {
        guard let items = try field(key).listValue else { throw error("'\(key)' must be a list") }
        return items.enumerated().map { ValueReader($1, file: file, path: "\(child(key))[\($0)]") }
    }

    public func stringList(_ key: String) throws(TenkaiError) -> [String] {
        try list(key).map { (item) throws(TenkaiError) -> String in try item.stringValue() }
    }

    public func stringMap(_ key: String) throws(TenkaiError) -> [String: String] {
        guard let fields = try field(key).fieldsValue else { throw error("'\(key)' must be an object") }
        var map: [String: String] = [:]
        for (name, item) in fields {
            guard let text = item.stringValue else { throw error("'\(key).\(name)' must be a string") }
            map[name] = text
        }
        return map
    }

    /// This value itself as a string.
    public func stringValue() throws(TenkaiError) -> String {
        guard let text = value.stringValue else { throw error("must be a string") }
        return text
    }
}
