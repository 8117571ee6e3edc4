import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// The account checks deploy makes besides the credentials' account: singletons the account
/// already has (before any change) and DNS delegation (before each stack with certificates).
extension DeploySetup {
    /// Whether the checks that ask the account run: always against AWS; against an emulator on
    /// this machine (loopback `AWS_ENDPOINT_URL`) only with `TENKAI_ACCOUNT_CHECK=always`, as
    /// for the credentials' account.
    static var accountChecksApply: Bool {
        let variables = ProcessInfo.processInfo.environment
        let endpoint = variables["AWS_ENDPOINT_URL"] ?? ""
        let emulator = endpoint.contains("://127.") || endpoint.contains("://localhost") || endpoint.contains("://[::1]")
        return !emulator || variables["TENKAI_ACCOUNT_CHECK"] == "always"
    }

    /// Before any change: refuses when a selected stack would create a GuardDuty detector,
    /// Security Hub, a Config recorder or delivery channel, or API Gateway's account settings
    /// that the account already has, naming each, where it was found and the setting to change.
    func verifySingletons(environmentsFolder: String) async throws {
        guard Self.accountChecksApply else { return }
        let aws = self.aws
        var problems: [String] = []
        for system in systems {
            let preflight = SingletonPreflight(
                system: system.system, environmentFile: "\(environmentsFolder)/\(environment.name).yaml", account: environment.account,
                apis: aws.cloudFormation, probes: { AccountSingletonProbe(aws.session($0)) })
            problems += try await preflight.problems(system.targets)
        }
        guard problems.isEmpty else {
            throw DeployError(
                .singletonExists, "nothing was changed: " + problems.joined(separator: "; "),
                hint: "the account already has these (under AWS Organizations the delegated administrator enables them); "
                    + "say `existing` for them, or remove the account's own first if this system should own them")
        }
    }

    /// The delegation check ``DeployRun/beforeStack`` runs for stacks with DNS-validated certificates.
    var delegationCheck: (@Sendable (DeployTarget) async throws -> Void)? {
        guard Self.accountChecksApply else { return nil }
        let preflight = DelegationPreflight(
            zones: HostedZoneLookup(aws.session(environment.region)),
            resolver: NameServerQuery.configured(environment: ProcessInfo.processInfo.environment))
        return { target in try await preflight.check(target) }
    }
}
