import AWSClient
import Foundation
import TenkaiCore
import TenkaiDeploy
import TestSupport
import Testing

/// The delegation check as deploy runs it: hosted zones in moto's Route 53 (server mode; moto
/// 5.2 rejects every signed GET in authentication mode, so without it), the parent either a zone
/// in the same account or a real DNS server on 127.0.0.1 (dnslib's zone resolver) serving the
/// parent zone's file.
@Suite(.serialized) struct DelegationPreflightTests {
    static let route53Namespace = "https://route53.amazonaws.com/doc/2013-04-01/"

    static func createZone(_ name: String, _ session: AWSSession) async throws -> String {
        let body = "<CreateHostedZoneRequest xmlns=\"\(route53Namespace)\"><Name>\(name)</Name><CallerReference>\(UUID().uuidString)</CallerReference></CreateHostedZoneRequest>"
        let request = AWSRequest(
            service: .route53, operation: "CreateHostedZone", method: "POST", path: "/2013-04-01/hostedzone",
            headers: ["Content-Type": "application/xml"], body: .data(Data(body.utf8)), isRetrySafe: false)
        let answer = try XMLTree.parse(try await session.send(request).body)
        return try #require(answer.first(named: "HostedZone")?["Id"]?.text).replacingOccurrences(of: "/hostedzone/", with: "")
    }

    static func addNS(_ name: String, _ servers: [String], zone: String, _ session: AWSSession) async throws {
        let records = servers.map { "<ResourceRecord><Value>\($0)</Value></ResourceRecord>" }.joined()
        let body = """
            <ChangeResourceRecordSetsRequest xmlns="\(route53Namespace)"><ChangeBatch><Changes><Change><Action>UPSERT</Action>\
            <ResourceRecordSet><Name>\(name)</Name><Type>NS</Type><TTL>300</TTL><ResourceRecords>\(records)</ResourceRecords>\
            </ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>
            """
        let request = AWSRequest(
            service: .route53, operation: "ChangeResourceRecordSets", method: "POST", path: "/2013-04-01/hostedzone/\(zone)/rrset",
            headers: ["Content-Type": "application/xml"], body: .data(Data(body.utf8)), isRetrySafe: false)
        _ = try await session.send(request)
    }

    /// A stack whose certificate validates by DNS in the zone `zone` serves.
    static func certificateTarget(domain: String, stackName: String = "fileshare-dev-app") -> DeployTarget {
        let template = Self.template([
            "OriginCertificate": Resource(type: "AWS::CertificateManager::Certificate", properties: [
                "DomainName": .string(domain), "ValidationMethod": "DNS",
                "DomainValidationOptions": [["DomainName": .string(domain), "HostedZoneId": .importValue("fileshare-dev-network-MainZoneRef")]],
            ])
        ])
        return DeployTarget(name: "app", stackName: stackName, region: "ap-northeast-1", template: template, templateBody: Array("{}".utf8))
    }

    static func template(_ resources: [String: Resource]) -> Template {
        var template = Template()
        template.resources = resources
        return template
    }

    static func expectNotDelegated(_ preflight: DelegationPreflight, _ target: DeployTarget) async throws -> String {
        do {
            try await preflight.check(target)
        } catch let error as DeployError {
            #expect(error.code == .notDelegated)
            return error.message
        }
        Issue.record("the check let an undelegated zone through")
        return ""
    }

    @Test func theDomainsOfDNSValidatedCertificatesAreFound() {
        #expect(DelegationPreflight.validatedDomains(in: Self.certificateTarget(domain: "Origin.Fileshare.Example.com.").template) == ["origin.fileshare.example.com"])
        let emailValidated = Self.template([
            "Certificate": Resource(type: "AWS::CertificateManager::Certificate", properties: ["DomainName": "a.example.com", "ValidationMethod": "EMAIL"])
        ])
        #expect(DelegationPreflight.validatedDomains(in: emailValidated).isEmpty)
    }

    @Test func aParentZoneInTheAccountIsReadFromRoute53() async throws {
        let moto = try await MotoServer.start(authentication: false)
        defer { moto.stop() }
        let session = try AccountSingletonCheckTests.session(moto)
        let parent = try await Self.createZone("example.com", session)
        _ = try await Self.createZone("fileshare.example.com", session)
        let zones = HostedZoneLookup(session)
        let zone = try #require(try await zones.publicZones(named: "fileshare.example.com").first)
        #expect(!zone.nameServers.isEmpty)
        // No resolver: the parent is in the account, so DNS is never asked.
        let preflight = DelegationPreflight(zones: zones, resolver: nil)
        let target = Self.certificateTarget(domain: "origin.fileshare.example.com")

        let message = try await Self.expectNotDelegated(preflight, target)
        #expect(message.contains("the hosted zone fileshare.example.com is not delegated: its parent zone example.com serves no NS records for it"))
        #expect(message.contains("Add these records in example.com"))
        for server in zone.nameServers {
            #expect(message.contains("fileshare.example.com. NS \(DelegationCheck.normalized(server))."))
        }

        // Records that point elsewhere are named; the right ones let the stack through.
        try await Self.addNS("fileshare.example.com", ["ns-9.awsdns-09.com"], zone: parent, session)
        #expect(try await Self.expectNotDelegated(preflight, target).contains("points it at ns-9.awsdns-09.com"))
        try await Self.addNS("fileshare.example.com", zone.nameServers, zone: parent, session)
        try await preflight.check(target)
    }

    @Test func aParentOutsideTheAccountIsAskedByDNS() async throws {
        let moto = try await MotoServer.start(authentication: false)
        defer { moto.stop() }
        let session = try AccountSingletonCheckTests.session(moto)
        _ = try await Self.createZone("fileshare.example.com", session)
        let zones = HostedZoneLookup(session)
        let zone = try #require(try await zones.publicZones(named: "fileshare.example.com").first)
        let target = Self.certificateTarget(domain: "origin.fileshare.example.com")
        let parentZone = """
            $TTL 300
            example.com. IN SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300
            example.com. IN NS ns1.example.com.
            ns1.example.com. IN A 192.0.2.1

            """

        let undelegated = try await ZoneFileDNSServer.start(zone: parentZone)
        let message = try await Self.expectNotDelegated(DelegationPreflight(zones: zones, resolver: undelegated.query), target)
        undelegated.stop()
        #expect(message.contains("its parent zone example.com serves no NS records for it"))
        for server in zone.nameServers { #expect(message.contains("fileshare.example.com. NS \(DelegationCheck.normalized(server)).")) }

        let stale = try await ZoneFileDNSServer.start(zone: parentZone + "fileshare.example.com. IN NS ns-7.awsdns-07.net.\n")
        let staleMessage = try await Self.expectNotDelegated(DelegationPreflight(zones: zones, resolver: stale.query), target)
        stale.stop()
        #expect(staleMessage.contains("points it at ns-7.awsdns-07.net"))

        let records = zone.nameServers.map { "fileshare.example.com. IN NS \(DelegationCheck.normalized($0)).\n" }.joined()
        let delegated = try await ZoneFileDNSServer.start(zone: parentZone + records)
        defer { delegated.stop() }
        try await DelegationPreflight(zones: zones, resolver: delegated.query).check(target)
    }

    @Test func deployStopsTheCertificateStackBeforeAnyChangeAndSkipsWhatDependsOnIt() async throws {
        let moto = try await MotoServer.start(authentication: false)
        defer { moto.stop() }
        let session = try AccountSingletonCheckTests.session(moto)
        _ = try await Self.createZone("fileshare.example.com", session)
        let dns = try await ZoneFileDNSServer.start(zone: "example.com. 300 IN NS ns1.example.com.\n")
        defer { dns.stop() }
        let aws = AWSConnections(session)
        let certificates = Self.certificateTarget(domain: "origin.fileshare.example.com", stackName: "delegation-test-app")
        let after = DeployTarget(
            name: "after", stackName: "delegation-test-after", region: "ap-northeast-1",
            template: Self.template(["Handle": Resource(type: "AWS::CloudFormation::WaitConditionHandle", properties: [:])]),
            dependencies: ["app"], templateBody: Array(#"{"Resources":{"Handle":{"Type":"AWS::CloudFormation::WaitConditionHandle"}}}"#.utf8))
        var run = DeployRun(
            locations: [:], targets: [certificates, after], apis: aws.cloudFormation, artifacts: { _ in nil }, reporter: RecordingReporter(),
            options: DeployOptions(polling: MotoDeployment.polling, method: .direct))
        let preflight = DelegationPreflight(zones: HostedZoneLookup(session), resolver: dns.query)
        run.beforeStack = { target in try await preflight.check(target) }

        let results = await run.run()
        #expect(results.map(\.outcome) == [.failed, .skipped])
        #expect(results[0].error?.contains("not creating its certificates: the hosted zone fileshare.example.com is not delegated") == true)
        #expect(try await aws.cloudFormation("ap-northeast-1").describeStack(named: "delegation-test-app") == nil)
    }
}
