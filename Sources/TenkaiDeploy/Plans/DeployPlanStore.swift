import AWSClient
import FoundationEssentials
import TenkaiCore

/// Plans and their approvals on disk: `<folder>/<plan-id>/plan.json` and
/// `<folder>/<plan-id>/approvals/<approver>.json`, each written atomically.
public struct DeployPlanStore: Sendable {
    public static let defaultFolder = ".tenkai/plans"

    public let folder: URL

    public init(folder: String) {
        self.folder = URL(fileURLWithPath: folder)
    }

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

    public func save(_ plan: DeployPlan) throws -> URL {
        let file = folder.appendingPathComponent(plan.id).appendingPathComponent("plan.json")
        try write(plan, to: file)
        return file
    }

    public func save(_ approval: PlanApproval) throws {
        try write(approval, to: folder.appendingPathComponent(approval.planID).appendingPathComponent("approvals").appendingPathComponent("\(approval.approver).json"))
    }

    /// The plan with this ID; its content must still hash to the ID.
    public func plan(_ id: String) throws -> DeployPlan {
        let file = folder.appendingPathComponent(id).appendingPathComponent("plan.json")
        guard let data = try? Data(contentsOf: file) else {
            throw DeployError(.invalidPlan, "there is no plan \(id) in \(folder.path)", hint: "run `tenkai plan --env <env>` and use the ID it prints")
        }
        let plan: DeployPlan
        do { plan = try Self.decoder.decode(DeployPlan.self, from: data) } catch {
            throw DeployError(.invalidPlan, "\(file.path) is not a readable plan: \(error)")
        }
        guard plan.id == id else {
            throw DeployError(.invalidPlan, "\(file.path) was changed after it was made: its content hashes to \(plan.id), not \(id)", hint: "make a new plan")
        }
        return plan
    }

    public func approvals(_ id: String) -> [PlanApproval] {
        let directory = folder.appendingPathComponent(id).appendingPathComponent("approvals")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap {
            (try? Data(contentsOf: directory.appendingPathComponent($0))).flatMap { try? Self.decoder.decode(PlanApproval.self, from: $0) }
        }
    }

    /// The plan, if it has the approvals the environment requires (and is for that environment).
    public func approvedPlan(_ id: String, environment: EnvironmentConfig, now: Date = Date()) throws -> DeployPlan {
        let plan = try plan(id)
        guard plan.environment == environment.name else {
            throw DeployError(.invalidPlan, "plan \(id) is for environment \(plan.environment), not \(environment.name)")
        }
        try ApprovalCheck(environment: environment, now: now).check(plan, approvals: approvals(id))
        return plan
    }

    private func write(_ value: some Encodable, to file: URL) throws {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Self.encoder.encode(value).write(to: file, options: .atomic)
        } catch {
            throw TenkaiError(.io, "could not write \(file.path): \(fileErrorReason(error))")
        }
    }
}
