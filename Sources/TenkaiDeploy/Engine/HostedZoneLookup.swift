import AWSClient
import FoundationEssentials

/// The few read-only Route 53 calls the delegation check needs: the account's public zones of a
/// name, a zone's assigned name servers, and the NS records one zone holds for a name.
///
/// ```swift
/// let zones = HostedZoneLookup(session)
/// for zone in try await zones.publicZones(named: "fileshare.example.com") { print(zone.id, zone.nameServers) }
/// ```
public struct HostedZoneLookup: Sendable {
    let session: AWSSession

    public init(_ session: AWSSession) { self.session = session }

    /// A public hosted zone of the account.
    public struct Zone: Sendable, Equatable {
        /// The bare ID (`Z0123…`), without `/hostedzone/`.
        public var id: String
        /// Lower case, without the trailing dot.
        public var name: String
        /// The name servers Route 53 assigned it (its delegation set).
        public var nameServers: [String]
    }

    /// The account's public hosted zones called exactly `name` (usually none or one).
    public func publicZones(named name: String) async throws -> [Zone] {
        let wanted = DelegationCheck.normalized(name)
        let list = try await get("ListHostedZonesByName", "/2013-04-01/hostedzonesbyname", query: [("dnsname", wanted + "."), ("maxitems", "100")])
        var zones: [Zone] = []
        for zone in list.first(named: "HostedZones")?.children(named: "HostedZone") ?? [] {
            guard DelegationCheck.normalized(zone["Name"]?.text ?? "") == wanted, zone.first(named: "PrivateZone")?.text != "true" else { continue }
            let id = (zone["Id"]?.text ?? "").replacing("/hostedzone/", with: "")
            let detail = try await get("GetHostedZone", "/2013-04-01/hostedzone/\(id)")
            let servers = detail.first(named: "DelegationSet")?.first(named: "NameServers")?.children(named: "NameServer").map(\.text) ?? []
            zones.append(Zone(id: id, name: wanted, nameServers: servers))
        }
        return zones
    }

    /// The NS records `zone` holds for `name` (a delegation it serves), empty when it has none.
    public func nameServerRecords(in zone: Zone, for name: String) async throws -> [String] {
        let wanted = DelegationCheck.normalized(name)
        let answer = try await get(
            "ListResourceRecordSets", "/2013-04-01/hostedzone/\(zone.id)/rrset", query: [("name", wanted + "."), ("type", "NS"), ("maxitems", "10")])
        let sets = answer.first(named: "ResourceRecordSets")?.children(named: "ResourceRecordSet") ?? []
        guard let set = sets.first(where: { DelegationCheck.normalized($0["Name"]?.text ?? "") == wanted && $0["Type"]?.text == "NS" }) else {
            return []
        }
        return set.first(named: "ResourceRecords")?.children(named: "ResourceRecord").compactMap { $0["Value"]?.text } ?? []
    }

    private func get(_ operation: String, _ path: String, query: [(String, String)] = []) async throws -> XMLTree {
        let request = AWSRequest(service: .route53, operation: operation, method: "GET", path: path, query: query, isRetrySafe: true)
        return try XMLTree.parse(try await session.send(request).body)
    }
}
