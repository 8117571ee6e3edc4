import Testing
import Tenkai
import TenkaiCore
import TenkaiStacks

/// The file-sharing system reads its tunables from the environment files and refuses values
/// it cannot use, with a message instead of a silent default.
@Suite struct FileShareEnvironmentTests {
    static func errors(_ change: (inout EnvironmentConfig.SystemSettings) -> Void) throws -> [Diagnostic] {
        var config = try FileShareFixtures.environment("dev")
        change(&config.systems["fileshare", default: .init()])
        do {
            _ = try Resolver.resolve(fileShare, in: config)
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }
        }
    }

    @Test func anUnreadableRetentionIsAnErrorThatQuotesIt() throws {
        let found = try Self.errors { $0["logRetentionDays"] = .plain("two weeks") }
        #expect(found.map(\.message) == ["'systems.fileshare.logRetentionDays' must be a whole number, not 'two weeks'"])
    }

    @Test func aMissingSizeIsAnErrorNamingTheKey() throws {
        let found = try Self.errors { $0["webSize"] = nil }
        #expect(found.map(\.message) == ["missing required key 'webSize' in 'systems.fileshare'"])
        #expect(found.first?.location?.file == "Environments/dev.yaml")
    }

    @Test func anUnreadableStorageSizeIsAnError() throws {
        let found = try Self.errors { $0["databaseStorageGiB"] = .plain("lots") }
        #expect(found.map(\.message) == ["'systems.fileshare.databaseStorageGiB' must be a whole number, not 'lots'"])
    }

    @Test func aStorageSizeTheDatabaseRefusesIsAnError() throws {
        let found = try Self.errors { $0["databaseStorageGiB"] = .plain("5") }
        #expect(found.contains { $0.message.contains("storage must be 20 to 65536 GiB, not 5") })
    }

    @Test func aComputeChoiceOutsideTheSetListsTheChoices() throws {
        let found = try Self.errors { $0["compute"] = .plain("lambda") }
        #expect(found.map(\.message) == ["'systems.fileshare.compute' must be one of fargate, ec2, not 'lambda'"])
    }

    @Test func aMisspeltSettingIsAnErrorThatListsTheKnownOnes() throws {
        let found = try Self.errors { $0["cloudTrial"] = .plain("true") }
        #expect(found.map(\.message) == ["unknown key 'cloudTrial' in 'systems.fileshare'"])
        #expect(found.first?.hint?.contains("cloudTrail") == true)
    }

    @Test func theRealEnvironmentFilesResolveWithoutWarnings() throws {
        for config in try FileShareFixtures.environments() {
            let resolved = try Resolver.resolve(fileShare, in: config)
            #expect(resolved.diagnostics.isEmpty, "\(config.name): \(resolved.diagnostics)")
            let suppressions = RuleSet.suppressions(in: resolved)
            let ownRules = suppressions.filter { !$0.rule.rawValue.contains(":") }
            #expect(ownRules.isEmpty, "the file-sharing system needs no suppressions of the rule set")
            // The scanners' checks its components argue against are listed, each with its reason.
            #expect(suppressions.allSatisfy { $0.rule.rawValue.hasPrefix("checkov:") || $0.rule.rawValue.hasPrefix("cfripper:") || ownRules.contains($0) })
            #expect(suppressions.allSatisfy { $0.reason.count >= 40 })
        }
    }
}
