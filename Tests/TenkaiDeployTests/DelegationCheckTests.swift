import TenkaiDeploy
import Testing

@Suite struct DelegationCheckTests {
    static let assigned = ["ns-1536.awsdns-00.co.uk", "ns-0.awsdns-00.com", "ns-1024.awsdns-00.org", "ns-512.awsdns-00.net"]

    @Test func aDelegatedZonePasses() {
        let served = ["NS-0.AWSDNS-00.COM.", "ns-512.awsdns-00.net.", "ns-1024.awsdns-00.org.", "ns-1536.awsdns-00.co.uk."]
        #expect(DelegationCheck.problem(domain: "fileshare.example.com", zoneNameServers: Self.assigned, parentNameServers: served) == nil)
    }

    @Test func anUndelegatedZoneSaysWhichRecordsToAddWhere() throws {
        let problem = try #require(DelegationCheck.problem(
            domain: "fileshare.example.com", zoneNameServers: Self.assigned, parentNameServers: []))
        #expect(problem.contains("its parent zone example.com serves no NS records for it"))
        #expect(problem.contains("Add these records in example.com"))
        for server in Self.assigned { #expect(problem.contains("fileshare.example.com. NS \(server).")) }
    }

    @Test func aStaleDelegationNamesWhatTheParentServesNow() throws {
        let problem = try #require(DelegationCheck.problem(
            domain: "stg.fileshare.example.com", zoneNameServers: Self.assigned,
            parentNameServers: ["ns-9.awsdns-09.com.", "ns-99.awsdns-09.net."]))
        #expect(problem.contains("points it at ns-9.awsdns-09.com, ns-99.awsdns-09.net"))
        #expect(problem.contains("parent zone fileshare.example.com"))
    }
}
