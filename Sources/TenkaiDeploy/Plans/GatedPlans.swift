import AWSClient
import FoundationEssentials
import TenkaiCore

/// The three steps of the prod gate as the three roles run them, between the command line and
/// the stores: CI publishes a plan, approvers sign it, the deploy job admits it. Every outcome,
/// refusals included, becomes an audit record in the bootstrap bucket.
///
/// ```swift
/// let context = try await GateContext.load(session: session, environment: prod)
/// let stored = try await GatedPlans(context: context, local: DeployPlanStore(folder: ".tenkai/plans")).fetch(planID)
/// ```
public struct GatedPlans: Sendable {
    public let context: GateContext
    /// The local folder: plans are also written there, and read from there when the bucket lacks them.
    public let local: DeployPlanStore?

    public init(context: GateContext, local: DeployPlanStore?) {
        self.context = context
        self.local = local
    }

    /// A plan with what was stored beside it.
    public struct Stored: Sendable {
        public var plan: DeployPlan
        public var templates: PlanReport.Templates
        public var approvals: [PlanApproval]
        /// Where the plan was read from.
        public var location: String

        public var report: PlanReport { PlanReport(plan: plan, templates: templates, approvals: approvals) }
    }

    // MARK: - CI: publish

    /// Stores the plan, the templates it was made from and the deployed templates it will
    /// replace, locally and in the bucket; returns where it went. Without a bucket (an environment
    /// never bootstrapped) outside production, the local copy is enough.
    public func publish(_ plan: DeployPlan, targets: [DeployTarget], apis: @Sendable (String) -> any CloudFormationAPI) async throws -> [String] {
        var templates: [String: [UInt8]] = [:]
        for entry in plan.stacks {
            if let target = targets.first(where: { $0.stackName == entry.stackName }) {
                templates[entry.stackName] = Array(target.templateBody)
            }
            if entry.state != nil, let deployed = try? await apis(entry.region).getTemplate(stackName: entry.stackName) {
                templates[PlanReport.deployedKey(entry.stackName)] = Array(deployed.utf8)
            }
        }
        var locations: [String] = []
        if let local {
            try local.put(plan, templates: templates)
            locations.append(local.location)
        }
        do {
            try await context.bucket.put(plan, templates: templates)
            locations.append(context.bucket.location)
        } catch let error as DeployError where error.code == .missingBootstrap && !context.requiresApprovals {
            return locations
        }
        try await requireAudit(.plan, planID: plan.id, result: "planned \(plan.stacks.count) stack change(s)")
        return locations
    }

    // MARK: - Everyone: fetch

    /// The plan from the bucket, or from the local folder when the bucket has none; the stored
    /// templates; and every approval either place holds (each still has to verify).
    public func fetch(_ id: String) async throws -> Stored {
        try PlanCoding.requireValidID(id)
        let store: any PlanStore
        if try await context.bucket.hasPlan(id) {
            store = context.bucket
        } else if let local, (try? local.plan(id)) != nil {
            store = local
        } else {
            throw DeployError(
                .invalidPlan, "there is no plan \(id) in \(context.bucket.location)\(local.map { " or \($0.location)" } ?? "")",
                hint: "check --env and that your credentials are for the environment's account")
        }
        let plan = try await store.plan(id)
        var templates = PlanReport.Templates()
        for entry in plan.stacks {
            templates.planned[entry.stackName] = try await store.template(id, stackName: entry.stackName)
            templates.deployed[entry.stackName] = try await store.template(id, stackName: PlanReport.deployedKey(entry.stackName))
        }
        let approvers = context.policy.approvers.map(\.name)
        var approvals = try await store.approvals(id, approvers: approvers)
        if store.location != local?.location, let local {
            approvals += try local.approvals(id, approvers: approvers)
        }
        return Stored(plan: plan, templates: templates, approvals: approvals, location: store.location)
    }

    // MARK: - Approvers: sign

    /// Signs the plan as the approver whose key this is, after the checks an approver would make
    /// by hand; uploads the approval where the plan was found. Refusals are audited.
    public func approve(_ stored: Stored, key: Ed25519.PrivateKey, validity: TimeInterval? = nil, now: Date = Date()) async throws -> PlanApproval {
        let plan = stored.plan
        do {
            let policy = context.policy
            guard plan.environment == policy.environment else {
                throw DeployError(.invalidPlan, "plan \(plan.id) is for environment \(plan.environment), not \(policy.environment)")
            }
            let publicKey = try key.publicKeyBase64
            guard let approver = policy.approvers.first(where: { $0.publicKey == publicKey }) else {
                throw DeployError(
                    .approvalRequired, "this key belongs to no approver of \(policy.environment)",
                    hint: "ask an administrator to list your public key \(publicKey) in \(context.environment.file) and rerun `tenkai bootstrap --env \(policy.environment)`")
            }
            guard context.identity.arn != plan.author else {
                throw DeployError(
                    .approvalRequired, "you (\(context.identity.arn)) made plan \(plan.id) and cannot approve it", hint: "another approver must")
            }
            guard plan.expiresAt > now else {
                throw DeployError(.invalidPlan, "plan \(plan.id) expired at \(plan.expiresAt.formatted(.iso8601))", hint: "ask for a new plan")
            }
            let expires = min(plan.expiresAt, now.addingTimeInterval(validity ?? policy.planValidity))
            let approval = try PlanApproval.sign(
                planID: plan.id, environment: plan.environment, approver: approver.name, principal: context.identity.arn, author: plan.author,
                expiresAt: expires, key: key)
            if stored.location == context.bucket.location {
                try await context.bucket.put(approval)
            } else if let local {
                try local.put(approval)
            }
            try await requireAudit(.approve, planID: plan.id, result: "approved by \(approver.name)")
            return approval
        } catch {
            _ = await context.audit(.refuse, planID: plan.id, result: "approval refused: \(error)")
            throw error
        }
    }

    // MARK: - Deploy job: admit

    /// The plan, once it passed every check: approvals under the pinned policy, the environment
    /// file it was made with, expiry, the cloud assembly it was made from (`assemblies`: the ones
    /// this deploy would deploy), and every stack and change set as planned. Refusals are audited.
    public func admit(
        _ id: String, targets: [DeployTarget], assemblies: [PlannedAssembly.Named], apis: @Sendable (String) -> any CloudFormationAPI,
        now: Date = Date()
    ) async throws -> DeployPlan {
        do {
            let stored = try await fetch(id)
            let gate = PlanGate(policy: context.policy, environmentSHA256: context.environmentSHA256, now: now)
            try PlanGate.requireDeployPlan(stored.plan)
            let approvers = try gate.admit(stored.plan, approvals: stored.approvals)
            try PlanGate.requireAssembly(of: stored.plan, among: assemblies)
            _ = try await gate.preflight(stored.plan, targets: targets, api: apis)
            try await requireAudit(.execute, planID: id, result: "started, approved by \(approvers.joined(separator: ", "))")
            return stored.plan
        } catch {
            _ = await context.audit(.refuse, planID: id, result: "deploy refused: \(error)")
            throw error
        }
    }

    /// Records how an execution ended.
    public func finished(_ id: String, failed: Bool) async -> (any Error)? {
        await context.audit(.execute, planID: id, result: failed ? "failed" : "succeeded")
    }

    func requireAudit(_ event: AuditRecord.Event, planID: String, result: String) async throws {
        if let error = await context.audit(event, planID: planID, result: result) {
            throw DeployError(.aws, "could not write the audit record to \(context.bucket.location): \(error)")
        }
    }
}
