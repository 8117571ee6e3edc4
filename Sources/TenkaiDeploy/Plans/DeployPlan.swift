import FoundationEssentials
import Hashing
import TenkaiCore

/// A reviewed set of change sets for one environment, waiting for approval.
///
/// Its ID is the SHA-256 of exactly what will run and what it was made against: per stack the
/// change set ARN, the template's SHA-256, the parameters, the tags, the change set's changes and
/// the stack's state when planned; the environment file's SHA-256; the cloud assembly's digest
/// (``PlannedAssembly``); the author (the planner's AWS identity) and when the plan expires.
/// Approvers sign the ID, so changing any of it voids them.
///
/// A release plan (``release`` set) has no change sets: it names the image, the service, the
/// strategy and the stacks' states instead, and only `tenkai release --plan` runs it.
///
/// ```swift
/// let plan = DeployPlan(system: "fileshare", environment: "prod", author: "arn:aws:sts::1:assumed-role/ci/run", stacks: entries)
/// print(plan.id)  // 64 hex digits
/// ```
public struct DeployPlan: Codable, Sendable, Hashable {
    public struct Stack: Codable, Sendable, Hashable {
        public var stack: String
        public var stackName: String
        public var region: String
        public var changeSetARN: String
        /// `CREATE` or `UPDATE`.
        public var kind: String
        public var templateSHA256: String
        public var parameters: [String: String]
        public var tags: [String: String]
        public var changes: [PlannedChange]
        /// The stack as it was when planned (`nil`: it did not exist); the plan runs only on that state.
        public var state: StackSnapshot?

        public init(
            stack: String, stackName: String, region: String, changeSetARN: String, kind: String, templateSHA256: String,
            parameters: [String: String], tags: [String: String], changes: [PlannedChange], state: StackSnapshot? = nil
        ) {
            self.stack = stack
            self.stackName = stackName
            self.region = region
            self.changeSetARN = changeSetARN
            self.kind = kind
            self.templateSHA256 = templateSHA256
            self.parameters = parameters
            self.tags = tags
            self.changes = changes
            self.state = state
        }
    }

    /// What the ID covers, encoded with sorted keys so it is the same bytes everywhere.
    struct Executable: Codable {
        var system: String
        var environment: String
        var author: String
        var environmentSHA256: String
        var expiresAt: Int
        var stacks: [Stack]
        var assembly: PlannedAssembly?
        var release: ReleaseIntent?
        var nonce: String?
    }

    public var system: String
    public var environment: String
    /// Who made the plan: the AWS identity (STS caller ARN) of the credentials that made it; it may not approve it.
    public var author: String
    public var createdAt: Date
    /// After this the plan no longer runs (the environment's `planValidityHours` after it was made).
    public var expiresAt: Date
    /// SHA-256 of the environment file the plan was made with.
    public var environmentSHA256: String
    public var stacks: [Stack]
    /// The cloud assembly a deploy plan was made from; deploy refuses any other.
    public var assembly: PlannedAssembly?
    /// What a release plan releases (`nil` for a deploy plan).
    public var release: ReleaseIntent?
    /// Makes every plan its own: two plans of the same unchanged system made in the same second
    /// would otherwise share an ID, and the approvals of one would count for the other.
    public var nonce: String?

    public init(
        system: String, environment: String, author: String, createdAt: Date = Date(), expiresAt: Date? = nil,
        environmentSHA256: String = "", stacks: [Stack], assembly: PlannedAssembly? = nil, release: ReleaseIntent? = nil,
        nonce: String? = nil
    ) {
        self.system = system
        self.environment = environment
        self.author = author
        self.createdAt = createdAt
        self.expiresAt = expiresAt ?? createdAt.addingTimeInterval(Double(EnvironmentConfig.defaultPlanValidityHours) * 3600)
        self.environmentSHA256 = environmentSHA256
        self.stacks = stacks
        self.assembly = assembly
        self.release = release
        self.nonce = nonce
    }

    public var id: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(Executable(
            system: system, environment: environment, author: author, environmentSHA256: environmentSHA256,
            expiresAt: Int(expiresAt.timeIntervalSince1970), stacks: stacks, assembly: assembly, release: release,
            nonce: nonce))) ?? Data()
        return SHA256.hex(Array(bytes))
    }
}

/// A stack's state when a plan was made: the plan is refused once the stack has moved on.
public struct StackSnapshot: Codable, Sendable, Hashable, CustomStringConvertible {
    public var status: String
    /// The last update (or the creation) time, seconds since 1970.
    public var lastChanged: Int?

    public init(status: String, lastChanged: Int?) {
        self.status = status
        self.lastChanged = lastChanged
    }

    public init(_ stack: StackDescription) {
        self.init(status: stack.status.rawValue, lastChanged: (stack.lastUpdatedTime ?? stack.creationTime).map { Int($0.timeIntervalSince1970) })
    }

    /// The snapshot of a stack as `DescribeStacks` found it; a stack that only holds a new stack's
    /// change sets (`REVIEW_IN_PROGRESS`) counts as not deployed.
    public static func of(_ stack: StackDescription?) -> StackSnapshot? {
        guard let stack, !stack.status.isReviewInProgress else { return nil }
        return StackSnapshot(stack)
    }

    public var description: String {
        guard let lastChanged else { return status }
        return "\(status), last changed \(Date(timeIntervalSince1970: Double(lastChanged)).formatted(.iso8601))"
    }
}

/// One approver's signed yes to a plan.
public struct PlanApproval: Codable, Sendable, Hashable {
    public var planID: String
    /// The environment the approver approved for.
    public var environment: String
    public var approver: String
    /// The approver's AWS identity (STS caller ARN) when signing: it may not be the plan's author.
    public var principal: String
    /// The plan's author as the approver saw it: changing the author voids the approval.
    public var author: String
    public var expiresAt: Date
    /// Base64 Ed25519 signature of ``signedMessage``.
    public var signature: String

    public init(planID: String, environment: String, approver: String, principal: String, author: String, expiresAt: Date, signature: String) {
        self.planID = planID
        self.environment = environment
        self.approver = approver
        self.principal = principal
        self.author = author
        self.expiresAt = expiresAt
        self.signature = signature
    }

    /// The bytes the approver signs: every field but the signature.
    public var signedMessage: [UInt8] {
        let fields = ["tenkai-approval-v2", planID, environment, approver, principal, author, String(Int(expiresAt.timeIntervalSince1970))]
        return Array(fields.joined(separator: "\n").utf8)
    }

    /// Signs an approval with the approver's private key.
    public static func sign(
        planID: String, environment: String, approver: String, principal: String, author: String, expiresAt: Date, key: Ed25519.PrivateKey
    ) throws -> PlanApproval {
        var approval = PlanApproval(
            planID: planID, environment: environment, approver: approver, principal: principal, author: author,
            expiresAt: Date(timeIntervalSince1970: expiresAt.timeIntervalSince1970.rounded(.down)), signature: "")
        approval.signature = Data(try key.sign(approval.signedMessage)).base64EncodedString()
        return approval
    }

    public func isValid(publicKey: String) -> Bool {
        guard let signature = Data(base64Encoded: signature) else { return false }
        return Ed25519.verify(Array(signature), of: signedMessage, publicKey: publicKey)
    }
}
