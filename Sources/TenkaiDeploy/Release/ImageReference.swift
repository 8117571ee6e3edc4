/// An image reference split the way registries address it: `host/repository@sha256:…` or
/// `host/repository:tag`. A release runs exactly what the reference names.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var repository: String
    public var digest: String?
    public var tag: String?

    /// Reads a reference; one without a registry host, digest or tag is refused (a release must
    /// name exact bytes or at least an explicit tag, never an implied `latest`).
    public init(parsing text: String) throws(ReleaseError) {
        let hint = "write it as host/repository@sha256:<64 hex digits> (or host/repository:tag)"
        guard let slash = text.firstIndex(of: "/"), !text.contains(" ") else {
            throw ReleaseError(.preflight, "image '\(text)' names no registry host", hint: hint)
        }
        host = String(text[..<slash])
        var rest = String(text[text.index(after: slash)...])
        if let at = rest.firstIndex(of: "@") {
            let digest = String(rest[rest.index(after: at)...])
            let hex = digest.dropFirst("sha256:".count)
            guard digest.hasPrefix("sha256:"), hex.count == 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw ReleaseError(.preflight, "image '\(text)' has a malformed digest", hint: hint)
            }
            self.digest = digest
            rest = String(rest[..<at])
        } else if let colon = rest.lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = String(rest[..<colon])
        }
        repository = rest
        guard !repository.isEmpty, digest != nil || tag?.isEmpty == false else {
            throw ReleaseError(.preflight, "image '\(text)' names neither a digest nor a tag", hint: hint)
        }
    }

    /// `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com`: checked with ECR's API instead of the registry's.
    public var isECR: Bool { host.contains(".dkr.ecr.") && host.hasSuffix(".amazonaws.com") }

    public var description: String {
        digest.map { "\(host)/\(repository)@\($0)" } ?? "\(host)/\(repository):\(tag ?? "")"
    }
}
