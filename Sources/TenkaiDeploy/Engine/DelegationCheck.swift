/// Whether a new hosted zone is delegated from its parent, checked before deploy creates
/// certificates in it: ACM validates by DNS, and a zone the parent does not delegate to never
/// answers, so the certificate waits (up to 72 hours) and the stack with it.
///
/// The caller gives the name servers Route 53 assigned to the zone (GetHostedZone's
/// `DelegationSet.NameServers`) and the NS records the parent zone serves for the domain (a DNS
/// query); the check says exactly which records to add where when they differ.
///
/// ```swift
/// if let problem = DelegationCheck.problem(domain: "fileshare.example.com", zoneNameServers: assigned, parentNameServers: served) {
///     throw …(problem)
/// }
/// ```
public enum DelegationCheck {
    /// nil when the parent delegates the domain to exactly the zone's name servers.
    public static func problem(domain: String, zoneNameServers: [String], parentNameServers: [String]) -> String? {
        let assigned = Set(zoneNameServers.map(normalized))
        let served = Set(parentNameServers.map(normalized))
        guard assigned != served else { return nil }
        let parent = domain.split(separator: ".").dropFirst().joined(separator: ".")
        let records = zoneNameServers.map(normalized).sorted().map { "  \(domain). NS \($0)." }.joined(separator: "\n")
        let now = served.isEmpty ? "serves no NS records for it" : "points it at \(served.sorted().joined(separator: ", "))"
        return "the hosted zone \(domain) is not delegated: its parent zone \(parent.isEmpty ? "(the registrar)" : parent) \(now); "
            + "certificates validated by DNS would wait until it is. Add these records in \(parent.isEmpty ? "the registrar" : parent) "
            + "(replacing any other NS records of \(domain)), then deploy again:\n\(records)"
    }

    /// Lower case, without the trailing dot DNS answers carry.
    public static func normalized(_ name: String) -> String {
        var name = name.lowercased()
        while name.hasSuffix(".") { name.removeLast() }
        return name
    }
}
