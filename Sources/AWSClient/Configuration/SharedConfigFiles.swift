import FoundationEssentials

/// The AWS CLI's shared `config` and `credentials` files, parsed into profiles.
///
/// `config` names sections `[default]` and `[profile NAME]`; `credentials` names them `[NAME]`.
/// Where both set a key for a profile, `credentials` wins. Indented lines under an empty key are
/// nested settings and read as `parent.child`. Paths come from `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`.
///
/// ```swift
/// let files = try SharedConfigFiles.load(environment: ProcessInfo.processInfo.environment)
/// files.profile("deploy")?["role_arn"]
/// ```
public struct SharedConfigFiles: Sendable, Equatable {
    /// Settings per profile name, keys lower-cased.
    public var profiles: [String: [String: String]]

    public init(profiles: [String: [String: String]] = [:]) {
        self.profiles = profiles
    }

    public func profile(_ name: String) -> [String: String]? {
        profiles[name]
    }

    /// Reads both files; a missing file is simply empty.
    public static func load(environment: [String: String]) throws(ConfigurationError) -> SharedConfigFiles {
        let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        let configPath = environment["AWS_CONFIG_FILE"].map { expand($0, home: home) } ?? "\(home)/.aws/config"
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"].map { expand($0, home: home) }
            ?? "\(home)/.aws/credentials"
        var files = SharedConfigFiles()
        if let text = try read(configPath) {
            files.merge(try parse(text, path: configPath, kind: .config))
        }
        if let text = try read(credentialsPath) {
            files.merge(try parse(text, path: credentialsPath, kind: .credentials))
        }
        return files
    }

    /// Which file a text came from: the two name their sections differently.
    public enum Kind: Sendable {
        case config
        case credentials
    }

    /// Parses one file's text; `path` only labels errors.
    public static func parse(_ text: String, path: String, kind: Kind) throws(ConfigurationError) -> SharedConfigFiles {
        var profiles: [String: [String: String]] = [:]
        var section: String?
        var skipping = false
        var parentKey: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let location = "\(path):\(index + 1)"
            let line = rawLine.trimmed()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    throw ConfigurationError("a section header must end with ]", location: location, help: "write [profile NAME]")
                }
                let name = line.dropFirst().dropLast().trimmed()
                (section, skipping) = try profileName(of: name, kind: kind, location: location)
                if let section, profiles[section] == nil { profiles[section] = [:] }
                parentKey = nil
                continue
            }
            guard let current = section else {
                if skipping { continue }
                throw ConfigurationError("a setting outside any [profile] section", location: location, help: "put it under [default] or [profile NAME]")
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError("expected key = value", location: location)
            }
            let key = line[..<equals].trimmed().lowercased()
            let value = line[line.index(after: equals)...].trimmed()
            guard !key.isEmpty else { throw ConfigurationError("a setting has no name before =", location: location) }
            let isIndented = rawLine.first == " " || rawLine.first == "\t"
            if isIndented, let parentKey {
                profiles[current]?["\(parentKey).\(key)"] = value
            } else {
                profiles[current]?[key] = value
                parentKey = value.isEmpty ? key : nil
            }
        }
        return SharedConfigFiles(profiles: profiles)
    }

    /// The profile a section header names, or `nil` (and skip) for other section kinds
    /// (`[sso-session …]`, `[services …]`).
    private static func profileName(of header: String, kind: Kind, location: String) throws(ConfigurationError) -> (String?, Bool) {
        switch kind {
        case .credentials:
            guard !header.isEmpty else { throw ConfigurationError("an empty section name", location: location) }
            return (header, false)
        case .config:
            if header == "default" { return ("default", false) }
            let words = header.split(separator: " ", maxSplits: 1).map { $0.trimmed() }
            if words.count == 2, words[0] == "profile", !words[1].isEmpty { return (words[1], false) }
            if words.count == 2 { return (nil, true) }
            throw ConfigurationError(
                "unknown section [\(header)] in the config file", location: location,
                help: "profiles other than default are written [profile \(header)]"
            )
        }
    }

    private mutating func merge(_ other: SharedConfigFiles) {
        for (name, settings) in other.profiles {
            profiles[name, default: [:]].merge(settings) { _, new in new }
        }
    }

    private static func read(_ path: String) throws(ConfigurationError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError("cannot read the AWS file: \(fileErrorReason(error))", location: path)
        }
    }

    static func expand(_ path: String, home: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst() : path
    }
}
