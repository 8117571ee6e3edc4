/// Configuration that cannot work: a bad region, endpoint URL, config file line or profile.
/// Says what is wrong, where, and how to fix it.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Where the problem is (`~/.aws/config:12`), when it is in a file.
    public var location: String?
    public var help: String?

    public init(_ message: String, location: String? = nil, help: String? = nil) {
        self.message = message
        self.location = location
        self.help = help
    }

    public var description: String {
        var text = location.map { "\($0): \(message)" } ?? message
        if let help { text += " (\(help))" }
        return text
    }
}
