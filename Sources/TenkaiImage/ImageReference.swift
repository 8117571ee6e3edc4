/// Where an image is pushed: `REGISTRY/REPOSITORY:TAG`, the registry always named (no silent
/// Docker Hub default).
///
/// ```swift
/// let to = try ImageReference("123456789012.dkr.ecr.eu-west-1.amazonaws.com/fileshare:1.4.0")
/// to.ecrRegion   // "eu-west-1"
/// ```
public struct ImageReference: Sendable, Equatable, CustomStringConvertible {
    /// Host and optional port (`127.0.0.1:5000`).
    public var registry: String
    public var repository: String
    public var tag: String

    public init(_ text: String) throws(ImageError) {
        let hint = "write it as REGISTRY/REPOSITORY:TAG, like 127.0.0.1:5000/fileshare:1.4.0 or <account>.dkr.ecr.<region>.amazonaws.com/fileshare:1.4.0"
        guard let slash = text.firstIndex(of: "/") else { throw ImageError("'\(text)' names no registry; \(hint)") }
        let registry = String(text[..<slash])
        guard registry.contains(".") || registry.contains(":") || registry == "localhost" else {
            throw ImageError("'\(registry)' in '\(text)' is not a registry host (it needs a dot or a port); \(hint)")
        }
        let rest = text[text.index(after: slash)...]
        let lastSlash = rest.lastIndex(of: "/") ?? rest.startIndex
        guard let colon = rest[lastSlash...].lastIndex(of: ":") else { throw ImageError("'\(text)' has no tag; \(hint)") }
        let repository = String(rest[..<colon])
        let tag = String(rest[rest.index(after: colon)...])
        guard Self.isRepositoryName(repository) else {
            throw ImageError("'\(repository)' is not a repository name: lower-case letters, digits and . _ - between them, parts joined by /")
        }
        guard Self.isTag(tag) else {
            throw ImageError("'\(tag)' is not a tag: up to 128 letters, digits, _ . and -, not starting with . or -")
        }
        self.registry = registry
        self.repository = repository
        self.tag = tag
    }

    public var description: String { "\(registry)/\(repository):\(tag)" }

    /// The region of an ECR registry (`<account>.dkr.ecr.<region>.amazonaws.com[.cn]`), else `nil`.
    public var ecrRegion: String? {
        let labels = registry.split(separator: ".")
        guard labels.count >= 6, labels[1] == "dkr", labels[2].hasPrefix("ecr"), labels[4] == "amazonaws",
              labels[0].count == 12, labels[0].allSatisfy(\.isNumber)
        else { return nil }
        return String(labels[3])
    }

    /// Plain HTTP only for the loopback registries tests and local runs use; TLS for the rest.
    public var scheme: String {
        let host = registry.split(separator: ":").first.map(String.init) ?? registry
        return ["127.0.0.1", "localhost"].contains(host) || registry.hasPrefix("[::1]") ? "http" : "https"
    }

    private static func isRepositoryName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 255 else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.first, let last = part.last, first.isLowercaseAlphanumeric, last.isLowercaseAlphanumeric else { return false }
            return part.allSatisfy { $0.isLowercaseAlphanumeric || $0 == "." || $0 == "_" || $0 == "-" }
        }
    }

    private static func isTag(_ tag: String) -> Bool {
        guard let first = tag.first, tag.count <= 128, first != ".", first != "-" else { return false }
        return tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
    }
}

private extension Character {
    var isLowercaseAlphanumeric: Bool { isASCII && (isLowercase || isNumber) }
}
