import AWSClient
import FoundationEssentials

/// Plans, approvals and the audit trail in the environment's bootstrap bucket (versioned,
/// private, TLS only): `plans/<id>/plan.json`, `plans/<id>/templates/<stack>.json`,
/// `plans/<id>/approvals/<approver>.json`, `audit/<environment>/<time>-<event>-<random>.json`.
///
/// Every write is conditional (`If-None-Match: *`), so nothing Tenkai writes is replaced; someone
/// who overwrites an object with plain S3 calls leaves the old version behind and the plan's ID
/// or the approval's signature no longer matches.
///
/// ```swift
/// let store = try await BucketPlanStore.forAccount(of: session)
/// let plan = try await store.plan(id)
/// ```
public struct BucketPlanStore: PlanStore {
    public let s3: S3
    public let bucket: String

    public init(s3: S3, bucket: String) {
        self.s3 = s3
        self.bucket = bucket
    }

    /// The bootstrap bucket of the credentials' account in the session's region.
    public static func forAccount(of session: AWSSession, account: String) -> BucketPlanStore {
        BucketPlanStore(s3: S3(session), bucket: BootstrapStack.bucketName(account: account, region: session.region))
    }

    public var location: String { "s3://\(bucket)" }

    public func put(_ plan: DeployPlan, templates: [String: [UInt8]]) async throws {
        try PlanCoding.requireValidID(plan.id)
        for (stackName, bytes) in templates.sorted(by: { $0.key < $1.key }) {
            _ = try await write(Data(bytes), key: templateKey(plan.id, stackName: stackName))
        }
        // The same ID is the same content: a plan already there is this plan.
        _ = try await write(try PlanCoding.encoder.encode(plan), key: "plans/\(plan.id)/plan.json")
    }

    public func plan(_ id: String) async throws -> DeployPlan {
        try PlanCoding.requireValidID(id)
        let key = "plans/\(id)/plan.json"
        guard let data = try await read(key) else {
            throw DeployError(
                .invalidPlan, "there is no plan \(id) in \(location)",
                hint: "check the environment (--env) and that the plan was made with these credentials' account")
        }
        return try PlanCoding.decodePlan(data, id: id, source: "\(location)/\(key)")
    }

    /// Whether the bucket holds a plan with this ID (a missing bucket holds none).
    public func hasPlan(_ id: String) async throws -> Bool {
        try PlanCoding.requireValidID(id)
        do {
            return try await s3.headObject(bucket: bucket, key: "plans/\(id)/plan.json") != nil
        } catch let error as AWSError where error.code == "NoSuchBucket" {
            return false
        }
    }

    public func template(_ id: String, stackName: String) async throws -> [UInt8]? {
        try PlanCoding.requireValidID(id)
        return try await read(templateKey(id, stackName: stackName)).map(Array.init)
    }

    /// Writes the approval to the file of its approver's name, the only one the approver's IAM
    /// (`tenkai-approve-<env>`) lets them create.
    public func put(_ approval: PlanApproval) async throws {
        try PlanCoding.requireValidID(approval.planID)
        let key = approvalKey(approval.planID, approver: approval.approver)
        let written: Bool
        do {
            written = try await write(try PlanCoding.encoder.encode(approval), key: key)
        } catch let error as AWSError where error.status == 403 {
            throw DeployError(
                .approvalRequired, "\(approval.principal) may not write \(location)/\(key): \(error.code)",
                hint: "approvers write only the approval file of their own name: an administrator tags your IAM user or role "
                    + "\(BootstrapStack.approverTag)=\(approval.approver) and attaches tenkai-approve-\(approval.environment)")
        }
        guard written else { throw PlanCoding.alreadyApproved(approval, in: location) }
    }

    /// Read by name rather than listed: only the gate's approvers can count, and a listing's
    /// prefix would hold a `/` (which moto 5.2 signs differently from S3).
    public func approvals(_ id: String, approvers: [String]) async throws -> [PlanApproval] {
        try PlanCoding.requireValidID(id)
        var approvals: [PlanApproval] = []
        for name in approvers.sorted() {
            let key = approvalKey(id, approver: name)
            if let data = try await read(key) { approvals.append(try PlanCoding.decodeApproval(data, approver: name, source: "s3://\(bucket)/\(key)")) }
        }
        return approvals
    }

    public func record(_ audit: AuditRecord) async throws {
        for _ in 0..<3 where try await write(try PlanCoding.encoder.encode(audit), key: audit.key()) { return }
        throw DeployError(.aws, "could not add an audit record to \(location): three keys in a row were taken")
    }

    private func approvalKey(_ id: String, approver: String) -> String {
        "plans/\(id)/approvals/\(approver).json"
    }

    private func templateKey(_ id: String, stackName: String) -> String {
        "plans/\(id)/templates/\(stackName).json"
    }

    /// Writes only where nothing is; `false` when the key is taken.
    private func write(_ data: Data, key: String) async throws -> Bool {
        do {
            return try await s3.putObjectIfAbsent(bucket: bucket, key: key, body: data)
        } catch let error as AWSError where error.code == "NoSuchBucket" {
            throw Self.missingBucket(bucket)
        }
    }

    private func read(_ key: String) async throws -> Data? {
        do {
            return try await s3.getObject(bucket: bucket, key: key).body
        } catch let error as AWSError where error.code == "NoSuchKey" || error.status == 404 {
            if error.code == "NoSuchBucket" { throw Self.missingBucket(bucket) }
            return nil
        }
    }

    static func missingBucket(_ bucket: String) -> DeployError {
        DeployError(.missingBootstrap, "the bootstrap bucket \(bucket) does not exist", hint: "an administrator runs `tenkai bootstrap --env <env>` first")
    }
}
