import TenkaiCore

/// A docker compose file: the whole system as containers on one machine.
///
/// Plain data, like ``Template``: ``ComposeTranslator`` builds it, ``value`` turns it into the
/// ``Value`` tree ``YAMLRenderer`` writes, with services and volumes sorted by name so the same
/// system always renders the same bytes.
public struct ComposeFile: Sendable, Hashable {
    /// The compose project name (`docker compose -p`), the system's name.
    public var projectName: String
    public var services: [String: ComposeService] = [:]
    /// Named volumes (database and object storage data survive `docker compose down`).
    public var volumes: Set<String> = []

    public init(projectName: String) { self.projectName = projectName }

    public var value: Value {
        var root = Fields()
        root["name"] = .string(projectName)
        root["services"] = .map(Fields(services.keys.sorted().map { ($0, services[$0]!.value) }))
        if !volumes.isEmpty { root["volumes"] = .map(Fields(volumes.sorted().map { ($0, .map([:])) })) }
        return .map(root)
    }
}
