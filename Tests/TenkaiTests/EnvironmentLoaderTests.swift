import Foundation
import TenkaiCore
import TestSupport
import Testing

@Suite struct EnvironmentLoaderTests {
    static let valid = """
        name: dev
        tier: development
        account: "012345678901"
        region: ap-northeast-1
        multiAZ: false
        domain: dev.example.com
        alarms:
          email: ops@example.com
        systems:
          fileshare:
            database: db.t4g.micro
            webTasks: 2
            usage:
              storedGB: 5
        """

    private func parse(_ text: String) throws(TenkaiError) -> EnvironmentConfig {
        try EnvironmentLoader.parse(Array(text.utf8), file: "Environments/dev.yaml", expectedName: "dev")
    }

    /// The single diagnostic a bad file gives.
    private func problem(_ text: String) -> Diagnostic? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.diagnostics.first ?? Diagnostic.error(error.message, location: error.location)
        }
    }

    /// A raised service quota is written in the environment file; a non-number is an error at its line.
    @Test func readsRaisedQuotas() throws {
        #expect(try parse(Self.valid + "\nquotas:\n  elasticIPs: 10\n").quotas == ["elasticIPs": 10])
        #expect(try parse(Self.valid).quotas.isEmpty)
        let bad = problem(Self.valid + "\nquotas:\n  elasticIPs: many\n")
        #expect(bad?.severity == .error && bad?.location?.line == 16, "\(String(describing: bad))")
    }

    @Test func readsAValidFile() throws {
        let config = try parse(Self.valid)
        #expect(config.name == "dev")
        #expect(config.tier == .development)
        #expect(config.account == "012345678901")
        #expect(config.availabilityZones == 2)
        #expect(config.alarms.email == "ops@example.com")
        // The system's own values stay as written, for its settings type; usage is read here.
        guard case .scalar("db.t4g.micro", true, let location)? = config.systems["fileshare"]?["database"] else {
            Issue.record("systems.fileshare.database is not kept as written")
            return
        }
        #expect(location == SourceLocation(file: "Environments/dev.yaml", line: 11, column: 15))
        #expect(config.systems["fileshare"]?["webTasks"] == .scalar("2", isPlain: true, at: SourceLocation(file: "Environments/dev.yaml", line: 12, column: 15)))
        #expect(config.systems["fileshare"]?["usage"] == nil)
        #expect(config.systems["fileshare"]?.usage == ["storedGB": 5])
    }

    @Test func anUnknownKeyIsAnErrorAtItsLineAndColumn() {
        let text = Self.valid.replacingOccurrences(of: "multiAZ: false", with: "multiAZ: false\nmultiAz: true")
        let diagnostic = problem(text)
        #expect(diagnostic?.message == "unknown key 'multiAz' in the top level")
        #expect(diagnostic?.location == SourceLocation(file: "Environments/dev.yaml", line: 6, column: 1))
    }

    @Test func anUnknownNestedKeyNamesItsPath() {
        let alarms = problem(Self.valid.replacingOccurrences(of: "  email: ops@example.com", with: "  emial: ops@example.com"))
        #expect(alarms?.message == "unknown key 'emial' in 'alarms'")
        #expect(alarms?.location?.line == 8)
        #expect(alarms?.location?.column == 3)
    }

    @Test func aWrongTypeIsAnError() {
        let diagnostic = problem(Self.valid.replacingOccurrences(of: "multiAZ: false", with: "multiAZ: sometimes"))
        #expect(diagnostic?.message == "'multiAZ' must be true or false, not 'sometimes'")
        #expect(diagnostic?.location?.line == 5)
        #expect(diagnostic?.location?.column == 10)
    }

    @Test func anUnquotedAccountIsRefusedWithAHint() {
        let diagnostic = problem(Self.valid.replacingOccurrences(of: "\"012345678901\"", with: "012345678901"))
        #expect(diagnostic?.message == "'account' must be a string, not '012345678901'")
        #expect(diagnostic?.hint == "quote it: account: \"012345678901\"")
    }

    @Test func aMissingRequiredKeyIsAnError() {
        let diagnostic = problem(Self.valid.replacingOccurrences(of: "region: ap-northeast-1\n", with: ""))
        #expect(diagnostic?.message == "missing required key 'region' in the top level")
        #expect(diagnostic?.location?.line == 1)
    }

    @Test func aBadTierListsTheAllowedOnes() {
        let diagnostic = problem(Self.valid.replacingOccurrences(of: "tier: development", with: "tier: qa"))
        #expect(diagnostic?.message == "'tier' is 'qa', which is not one of: development, staging, production")
    }

    @Test func theNameMustMatchTheFile() {
        let diagnostic = problem(Self.valid.replacingOccurrences(of: "name: dev", with: "name: prod"))
        #expect(diagnostic?.message == "'name' is 'prod' but the file is dev.yaml")
    }

    @Test func malformedYAMLGivesTheParserLocation() {
        let diagnostic = problem("name: dev\ntier: [development\n")
        #expect(diagnostic?.message.hasPrefix("invalid YAML") == true)
        #expect(diagnostic?.location?.line == 3)
    }

    @Test func aDuplicateKeyIsAnError() {
        let diagnostic = problem(Self.valid + "\nregion: us-east-1\n")
        #expect(diagnostic?.message == "the key 'region' appears twice in the same map")
    }

    @Test func allProblemsOfAFileAreReportedTogether() {
        let text = Self.valid
            .replacingOccurrences(of: "multiAZ: false", with: "multiAZ: 3")
            .replacingOccurrences(of: "domain: dev.example.com\n", with: "")
        do {
            _ = try parse(text)
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.count == 2)
        }
    }

    @Test func anApproverKeyMustBeAnEd25519PublicKey() {
        let text = Self.valid + """

            approvers:
              - name: pdm
                publicKey: "bm90IGEga2V5"
            """
        let diagnostic = problem(text)
        #expect(diagnostic?.message == "'approvers[0].publicKey' is not an Ed25519 public key")
        #expect(diagnostic?.location?.line == 17)
    }

    @Test func theRepositorysEnvironmentsAllLoad() throws {
        let configs = try EnvironmentLoader.loadAll(from: ProjectPaths.root.appendingPathComponent("Environments"))
        #expect(configs.map(\.name) == ["dev", "stg", "prod"])
        #expect(configs.map(\.tier) == [.development, .staging, .production])
        let prod = try #require(configs.last)
        #expect(prod.requiredApprovals >= 1 && prod.approvers.count >= prod.requiredApprovals)
    }
}
