extension StringProtocol {
    /// Without leading and trailing whitespace and newlines (FoundationEssentials has no
    /// `trimmingCharacters(in:)`, and the CLI stays off the full Foundation to start fast).
    package func trimmed() -> String {
        trimmed { $0.isWhitespace }
    }

    /// Without leading and trailing characters matching `isTrimmed`.
    package func trimmed(where isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
