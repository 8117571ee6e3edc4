import FoundationEssentials
import TenkaiCore

/// Deploy's account-singleton check, before any change: of the stacks about to deploy, which
/// would create a GuardDuty detector, Security Hub, a Config recorder or delivery channel, or
/// API Gateway's account settings, and does the account already have one there?
///
/// Only what this deploy would create is checked: every singleton of a stack not created yet (or
/// whose first create failed, which deploy deletes and creates again, or that only has a change
/// set under review), and of an existing stack
/// only the singleton types its deployed template lacks, so a re-deploy never finds its own
/// detector.
///
/// ```swift
/// let preflight = SingletonPreflight(system: "fileshare", environmentFile: "Environments/prod.yaml",
///                                    account: "123456789012", apis: aws.cloudFormation, probes: { AccountSingletonProbe(aws.session($0)) })
/// let problems = try await preflight.problems(targets)   // empty: go ahead
/// ```
public struct SingletonPreflight: Sendable {
    public var system: String
    public var environmentFile: String
    public var account: String
    let apis: @Sendable (String) -> any CloudFormationAPI
    let probes: @Sendable (String) -> any AccountSingletonProbing

    public init(
        system: String, environmentFile: String, account: String, apis: @escaping @Sendable (String) -> any CloudFormationAPI,
        probes: @escaping @Sendable (String) -> any AccountSingletonProbing
    ) {
        self.system = system
        self.environmentFile = environmentFile
        self.account = account
        self.apis = apis
        self.probes = probes
    }

    /// The singletons deploying `target` would create now.
    public func wouldCreate(_ target: DeployTarget) async throws -> [AccountSingletonCheck.Singleton] {
        let inTemplate = AccountSingletonCheck.created(by: [target.template])
        guard !inTemplate.isEmpty else { return [] }
        let api = apis(target.region)
        // A stack created only by a change set never executed (REVIEW_IN_PROGRESS) has no resources yet.
        guard let stack = try await api.describeStack(named: target.stackName), !stack.status.isFailedCreate, !stack.status.isReviewInProgress
        else { return inTemplate }
        let deployed = try await api.getTemplate(stackName: target.stackName)
        return inTemplate.filter { !deployed.contains($0.rawValue) }
    }

    /// One message per singleton that the targets would create but the account already has.
    public func problems(_ targets: [DeployTarget]) async throws -> [String] {
        var problems: [String] = []
        for target in targets {
            for singleton in try await wouldCreate(target) where try await probes(target.region).exists(singleton) {
                let logicalIDs = target.template.resources.filter { $0.value.type == singleton.rawValue }.keys.sorted()
                problems.append(
                    "stack \(target.stackName) would create \(singleton.rawValue) (\(logicalIDs.joined(separator: ", "))), "
                        + "but account \(account) already has one in \(target.region) (\(singleton.foundBy) lists it); "
                        + "set systems.\(system).\(singleton.settingKey): existing in \(environmentFile) to use the account's")
            }
        }
        return problems
    }
}

/// Whether an account and region already hold a singleton: ``AccountSingletonProbe`` asks AWS.
public protocol AccountSingletonProbing: Sendable {
    func exists(_ singleton: AccountSingletonCheck.Singleton) async throws -> Bool
}

extension AccountSingletonProbe: AccountSingletonProbing {}

extension AccountSingletonCheck.Singleton {
    /// The read-only call that finds an existing one, for the message.
    public var foundBy: String {
        switch self {
        case .guardDutyDetector: "GuardDuty ListDetectors"
        case .securityHub: "Security Hub DescribeHub"
        case .configRecorder: "Config DescribeConfigurationRecorders"
        case .configDeliveryChannel: "Config DescribeDeliveryChannels"
        case .apiGatewayAccount: "API Gateway GetAccount"
        }
    }
}
