extension YAMLMappingReader {
    /// `release:` read as a ``ReleaseStrategy`` (absent: `allAtOnce`); a bad form is an error at its line and column.
    mutating func releaseStrategy(_ key: String) -> ReleaseStrategy? {
        guard let node = node(key) else { return .allAtOnce }
        guard let text = string(node, key: key) else { return nil }
        do {
            return try ReleaseStrategy(parsing: text)
        } catch {
            report(.error("'\(key)': \(error.message)", location: node.location, hint: error.hint))
            return nil
        }
    }
}
