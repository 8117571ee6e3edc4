import FoundationEssentials
import TenkaiCore

/// Who may approve deploys into an account, how many must, and how long a plan lives: the values
/// the gate counts. The bootstrap stack pins them in the account as the SSM parameter
/// ``parameterName`` (written by the administrator who bootstraps); deploy reads them from there
/// and refuses when the local environment file says anything else.
///
/// ```swift
/// let pinned = try GatePolicy(json: parameter.value)
/// try pinned.requireAgreement(with: environment)
/// ```
public struct GatePolicy: Codable, Sendable, Hashable {
    public struct Approver: Codable, Sendable, Hashable {
        public var name: String
        public var publicKey: String

        public init(name: String, publicKey: String) {
            self.name = name
            self.publicKey = publicKey
        }
    }

    /// One pin per account and region: whatever environment file a deployer brings, deploys with
    /// this account's credentials meet the same gate.
    public static let parameterName = "/tenkai/gate"

    public var environment: String
    public var requiredApprovals: Int
    public var approvers: [Approver]
    public var planValidityHours: Int

    public init(environment: String, requiredApprovals: Int, approvers: [Approver], planValidityHours: Int) {
        self.environment = environment
        self.requiredApprovals = requiredApprovals
        self.approvers = approvers.sorted { $0.name < $1.name }
        self.planValidityHours = planValidityHours
    }

    /// What the environment file says.
    public init(_ environment: EnvironmentConfig) {
        self.init(
            environment: environment.name, requiredApprovals: environment.requiredApprovals,
            approvers: environment.approvers.map { Approver(name: $0.name, publicKey: $0.publicKey) },
            planValidityHours: environment.planValidityHours)
    }

    /// The pinned parameter's value: compact JSON with sorted keys (the same bytes every time).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public init(json: String) throws(DeployError) {
        do {
            self = try JSONDecoder().decode(GatePolicy.self, from: Data(json.utf8))
        } catch {
            throw DeployError(
                .invalidPlan, "the pinned gate \(Self.parameterName) is not readable: \(error)",
                hint: "an administrator reruns `tenkai bootstrap --env <production environment>`")
        }
    }

    public var planValidity: TimeInterval { Double(planValidityHours) * 3600 }

    /// Refuses when the local environment file disagrees with this pin, naming each difference.
    public func requireAgreement(with environment: EnvironmentConfig) throws(DeployError) {
        let local = GatePolicy(environment)
        var differences: [String] = []
        if environment.tier != .production {
            differences.append("the file's tier is \(environment.tier.rawValue), the account is pinned as production (\(self.environment))")
        }
        if local.environment != self.environment {
            differences.append("the file is environment '\(local.environment)', the account's pin is for '\(self.environment)'")
        }
        if local.requiredApprovals != requiredApprovals {
            differences.append("requiredApprovals is \(local.requiredApprovals) in the file, \(requiredApprovals) pinned")
        }
        if local.approvers != approvers {
            let pinned = approvers.map(\.name).joined(separator: ", ")
            let file = local.approvers.map(\.name).joined(separator: ", ")
            differences.append("the approvers (or their keys) differ: file [\(file)], pinned [\(pinned)]")
        }
        if local.planValidityHours != planValidityHours {
            differences.append("planValidityHours is \(local.planValidityHours) in the file, \(planValidityHours) pinned")
        }
        guard differences.isEmpty else {
            throw DeployError(
                .approvalRequired,
                "\(environment.file) disagrees with the gate pinned in the account (\(Self.parameterName)): \(differences.joined(separator: "; "))",
                hint: "use the environment file from the repository; to change approvers, an administrator edits it and reruns `tenkai bootstrap --env \(self.environment)`")
        }
    }
}
