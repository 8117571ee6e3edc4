import FoundationEssentials
import TenkaiCore

/// A reviewed set of change sets for one environment, waiting for approval.
///
/// Its ID is the SHA-256 of exactly what will run: per stack the change set ARN, the template's
/// SHA-256, the parameters, the tags and the change set's changes. Anything else in the file
/// (author, time) is covered by the approvals' signatures instead.
///
/// ```swift
/// let plan = DeployPlan(system: "fileshare", environment: "prod", author: "ci", stacks: entries)
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
    }

    /// What the ID covers, encoded with sorted keys so it is the same bytes everywhere.
    struct Executable: Codable {
        var system: String
        var environment: String
        var stacks: [Stack]
    }

    public var system: String
    public var environment: String
    /// Who made the plan; they may not approve it.
    public var author: String
    public var createdAt: Date
    public var stacks: [Stack]

    public init(system: String, environment: String, author: String, createdAt: Date = Date(), stacks: [Stack]) {
        self.system = system
        self.environment = environment
        self.author = author
        self.createdAt = createdAt
        self.stacks = stacks
    }

    public var id: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(Executable(system: system, environment: environment, stacks: stacks))) ?? Data()
        return SHA256Digest.hex(Array(bytes))
    }
}

/// One approver's signed yes to a plan.
public struct PlanApproval: Codable, Sendable, Hashable {
    public var planID: String
    public var approver: String
    /// The plan's author as the approver saw it: changing the author voids the approval.
    public var author: String
    public var expiresAt: Date
    /// Base64 Ed25519 signature of ``signedMessage``.
    public var signature: String

    public init(planID: String, approver: String, author: String, expiresAt: Date, signature: String) {
        self.planID = planID
        self.approver = approver
        self.author = author
        self.expiresAt = expiresAt
        self.signature = signature
    }

    /// The bytes the approver signs.
    public static func signedMessage(planID: String, approver: String, author: String, expiresAt: Date) -> [UInt8] {
        Array("tenkai-approval-v1\n\(planID)\n\(approver)\n\(author)\n\(Int(expiresAt.timeIntervalSince1970))".utf8)
    }

    /// Signs an approval with the approver's private key.
    public static func sign(planID: String, approver: String, author: String, expiresAt: Date, key: Ed25519.PrivateKey) throws -> PlanApproval {
        let signature = try key.sign(signedMessage(planID: planID, approver: approver, author: author, expiresAt: expiresAt))
        return PlanApproval(planID: planID, approver: approver, author: author, expiresAt: expiresAt, signature: Data(signature).base64EncodedString())
    }

    public func isValid(publicKey: String) -> Bool {
        guard let signature = Data(base64Encoded: signature) else { return false }
        return Ed25519.verify(
            Array(signature), of: Self.signedMessage(planID: planID, approver: approver, author: author, expiresAt: expiresAt),
            publicKey: publicKey)
    }
}
