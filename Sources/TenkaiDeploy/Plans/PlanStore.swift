import FoundationEssentials

/// Where plans, their templates, their approvals and the audit trail are kept. Two kinds: a local
/// folder (``DeployPlanStore``) and the environment's bootstrap bucket (``BucketPlanStore``), which
/// is how a plan made by CI reaches the approvers' laptops and the deploying job.
///
/// Nothing is ever overwritten: a second approval by the same approver is refused, and a plan or
/// approval that was changed after it was made no longer matches its ID or signature.
public protocol PlanStore: Sendable {
    /// Where it is, for messages (`s3://bucket`, a folder).
    var location: String { get }
    /// Stores a plan and the templates it was made from (by CloudFormation stack name).
    func put(_ plan: DeployPlan, templates: [String: [UInt8]]) async throws
    /// The plan with this ID; its content must still hash to the ID.
    func plan(_ id: String) async throws -> DeployPlan
    /// A template stored with the plan, if there is one.
    func template(_ id: String, stackName: String) async throws -> [UInt8]?
    /// Stores an approval; refuses a second one by the same approver.
    func put(_ approval: PlanApproval) async throws
    /// The approvals stored for these approvers (each under its approver's name; nobody else's count).
    func approvals(_ id: String, approvers: [String]) async throws -> [PlanApproval]
    /// Adds one record to the audit trail.
    func record(_ audit: AuditRecord) async throws
}

/// How plans and approvals are written and read, the same in every store.
enum PlanCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// Refuses anything but 64 lower-case hex digits, so an ID never becomes a path or key elsewhere.
    static func requireValidID(_ id: String) throws(DeployError) {
        guard id.utf8.count == 64, id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw DeployError(.invalidPlan, "'\(id)' is not a plan ID", hint: "a plan ID is the 64 hex digits `tenkai plan` printed")
        }
    }

    /// Reads a plan and checks that it still hashes to its ID.
    static func decodePlan(_ data: Data, id: String, source: String) throws(DeployError) -> DeployPlan {
        let plan: DeployPlan
        do { plan = try decoder.decode(DeployPlan.self, from: data) } catch {
            throw DeployError(.invalidPlan, "\(source) is not a readable plan: \(error)")
        }
        guard plan.id == id else {
            throw DeployError(
                .invalidPlan, "\(source) was changed after it was made: its content hashes to \(plan.id), not \(id)",
                hint: "make a new plan; the bucket's earlier versions show what was changed")
        }
        return plan
    }

    /// An approval file that is there but is not an approval is an error, never skipped: a
    /// deploy short of approvals must say why, not pretend the file was absent.
    /// The approval in the file named for `approver`; refused when it is anyone else's, since
    /// each approver may write only the file of their own name.
    static func decodeApproval(_ data: Data, approver: String, source: String) throws -> PlanApproval {
        let approval: PlanApproval
        do {
            approval = try decoder.decode(PlanApproval.self, from: data)
        } catch {
            throw DeployError(
                .invalidPlan, "\(source) is not an approval tenkai wrote (\(error))",
                hint: "remove it, and have that approver approve the plan again")
        }
        guard approval.approver == approver else {
            throw DeployError(
                .invalidPlan, "\(source) is \(approver)'s approval file but holds an approval signed as \(approval.approver) (by \(approval.principal))",
                hint: "someone wrote another approver's file: investigate, and make a new plan")
        }
        return approval
    }

    static func alreadyApproved(_ approval: PlanApproval, in location: String) -> DeployError {
        DeployError(
            .approvalRequired, "\(approval.approver) has already approved plan \(approval.planID) in \(location); approvals are never overwritten",
            hint: "another approver must approve")
    }
}
