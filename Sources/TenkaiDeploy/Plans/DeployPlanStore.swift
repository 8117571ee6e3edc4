import AWSClient
import FoundationEssentials
import TenkaiCore

/// Plans and their approvals on disk: `<folder>/<plan-id>/plan.json`,
/// `<folder>/<plan-id>/templates/<stack>.json`, `<folder>/<plan-id>/approvals/<approver>.json`
/// and `<folder>/audit/…`, each written atomically and never replaced.
public struct DeployPlanStore: PlanStore {
    public static let defaultFolder = ".tenkai/plans"

    public let folder: URL

    public init(folder: String) {
        self.folder = URL(fileURLWithPath: folder)
    }

    public var location: String { folder.path }

    @discardableResult
    public func save(_ plan: DeployPlan) throws -> URL {
        let file = folder.appendingPathComponent(plan.id).appendingPathComponent("plan.json")
        try write(PlanCoding.encoder.encode(plan), to: file)
        return file
    }

    public func put(_ plan: DeployPlan, templates: [String: [UInt8]]) throws {
        try save(plan)
        for (stackName, bytes) in templates {
            try write(Data(bytes), to: templateFile(plan.id, stackName: stackName))
        }
    }

    public func template(_ id: String, stackName: String) throws -> [UInt8]? {
        try PlanCoding.requireValidID(id)
        return (try? Data(contentsOf: templateFile(id, stackName: stackName))).map(Array.init)
    }

    public func save(_ approval: PlanApproval) throws {
        try put(approval)
    }

    public func put(_ approval: PlanApproval) throws {
        try PlanCoding.requireValidID(approval.planID)
        let file = folder.appendingPathComponent(approval.planID).appendingPathComponent("approvals").appendingPathComponent("\(approval.approver).json")
        guard !FileManager.default.fileExists(atPath: file.path) else { throw PlanCoding.alreadyApproved(approval, in: folder.path) }
        try write(PlanCoding.encoder.encode(approval), to: file)
    }

    public func plan(_ id: String) throws -> DeployPlan {
        try PlanCoding.requireValidID(id)
        let file = folder.appendingPathComponent(id).appendingPathComponent("plan.json")
        guard let data = try? Data(contentsOf: file) else {
            throw DeployError(.invalidPlan, "there is no plan \(id) in \(folder.path)", hint: "run `tenkai plan --env <env>` and use the ID it prints")
        }
        return try PlanCoding.decodePlan(data, id: id, source: file.path)
    }

    public func approvals(_ id: String, approvers: [String]) throws -> [PlanApproval] {
        let directory = folder.appendingPathComponent(id).appendingPathComponent("approvals")
        var approvals: [PlanApproval] = []
        for name in approvers.sorted() {
            let file = directory.appendingPathComponent("\(name).json")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            guard let data = try? Data(contentsOf: file) else {
                throw DeployError(.invalidPlan, "cannot read the approval \(file.path)", hint: "check its permissions, or remove it and approve again")
            }
            approvals.append(try PlanCoding.decodeApproval(data, approver: name, source: file.path))
        }
        return approvals
    }

    public func record(_ audit: AuditRecord) throws {
        var file = folder.appendingPathComponent(audit.key())
        while FileManager.default.fileExists(atPath: file.path) { file = folder.appendingPathComponent(audit.key()) }
        try write(PlanCoding.encoder.encode(audit), to: file)
    }

    /// The plan, if it has the approvals the environment requires (and is for that environment).
    public func approvedPlan(_ id: String, environment: EnvironmentConfig, now: Date = Date()) throws -> DeployPlan {
        let plan = try plan(id)
        guard plan.environment == environment.name else {
            throw DeployError(.invalidPlan, "plan \(id) is for environment \(plan.environment), not \(environment.name)")
        }
        try ApprovalCheck(environment: environment, now: now).check(plan, approvals: approvals(id, approvers: environment.approvers.map(\.name)))
        return plan
    }

    private func templateFile(_ id: String, stackName: String) -> URL {
        folder.appendingPathComponent(id).appendingPathComponent("templates").appendingPathComponent("\(stackName).json")
    }

    private func write(_ data: Data, to file: URL) throws {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
        } catch {
            throw TenkaiError(.io, "could not write \(file.path): \(fileErrorReason(error))")
        }
    }
}
