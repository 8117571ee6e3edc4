import FoundationEssentials
import TenkaiCore

/// Before a stack that creates ACM certificates validated by DNS, deploy checks that the hosted
/// zone they validate in is delegated from its parent; otherwise the stack stops before any
/// change and says which NS records to add where (``DelegationCheck``).
///
/// The zone is the account's public hosted zone whose name is the longest suffix of the
/// certificate's domain (found once its stack, deployed earlier in the run, created it). The
/// parent's NS records come from Route 53 when the parent zone is in the same account, else from
/// a DNS query (``NameServerQuery``). No zone in the account: nothing to compare, no refusal.
///
/// ```swift
/// let preflight = DelegationPreflight(zones: HostedZoneLookup(session), resolver: NameServerQuery.configured(environment: env))
/// try await preflight.check(target)   // throws DeployError(.notDelegated) with the records to add
/// ```
public struct DelegationPreflight: Sendable {
    let zones: HostedZoneLookup
    let resolver: NameServerQuery?

    public init(zones: HostedZoneLookup, resolver: NameServerQuery?) {
        self.zones = zones
        self.resolver = resolver
    }

    /// The domains of the target's certificates that validate by DNS in a hosted zone.
    public static func validatedDomains(in template: Template) -> [String] {
        var domains: Set<String> = []
        for resource in template.resources.values where resource.type == "AWS::CertificateManager::Certificate" {
            guard resource.properties["ValidationMethod"]?.stringValue == "DNS",
                case .list(let options)? = resource.properties["DomainValidationOptions"] else { continue }
            for option in options {
                guard let fields = option.fieldsValue, fields["HostedZoneId"] != nil,
                    let domain = fields["DomainName"]?.stringValue else { continue }
                domains.insert(DelegationCheck.normalized(domain))
            }
        }
        return domains.sorted()
    }

    /// Throws ``DeployError/Code/notDelegated`` when a zone the target validates certificates in is not delegated.
    public func check(_ target: DeployTarget) async throws {
        var problems: [String] = []
        var checked: Set<String> = []
        for domain in Self.validatedDomains(in: target.template) {
            guard let zone = try await zone(serving: domain), checked.insert(zone.id).inserted else { continue }
            let served = try await parentRecords(of: zone)
            if let problem = DelegationCheck.problem(domain: zone.name, zoneNameServers: zone.nameServers, parentNameServers: served) {
                problems.append(problem)
            }
        }
        guard problems.isEmpty else {
            throw DeployError(
                .notDelegated, "not creating its certificates: " + problems.joined(separator: "\n"), stackName: target.stackName)
        }
    }

    /// The account's public zone with the longest name that `domain` lies in.
    func zone(serving domain: String) async throws -> HostedZoneLookup.Zone? {
        var labels = domain.split(separator: ".").map(String.init)
        while labels.count >= 2 {
            let name = labels.joined(separator: ".")
            let found = try await zones.publicZones(named: name)
            if found.count > 1 {
                throw DeployError(
                    .notDelegated,
                    "the account has \(found.count) public hosted zones named \(name) (\(found.map(\.id).joined(separator: ", "))); its parent can delegate to only one",
                    hint: "delete the zone no stack uses")
            }
            if let zone = found.first { return zone }
            labels.removeFirst()
        }
        return nil
    }

    /// The NS records the parent serves for the zone's name: from the parent zone in this
    /// account, else from DNS.
    func parentRecords(of zone: HostedZoneLookup.Zone) async throws -> [String] {
        let parent = zone.name.split(separator: ".").dropFirst().joined(separator: ".")
        if parent.contains("."), let parentZone = try await zones.publicZones(named: parent).first {
            return try await zones.nameServerRecords(in: parentZone, for: zone.name)
        }
        guard let resolver else {
            throw DeployError(
                .notDelegated, "cannot check whether \(zone.name) is delegated: no DNS resolver is configured",
                hint: "set TENKAI_DNS_RESOLVER to a resolver's IPv4 address")
        }
        return try resolver.nameServers(of: zone.name)
    }
}
