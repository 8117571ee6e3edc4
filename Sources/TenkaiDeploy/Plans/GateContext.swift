import AWSClient
import FoundationEssentials
import Hashing
import TenkaiCore

/// What every gated command learns first from the account it acts in: who the credentials
/// belong to (STS), the gate pinned there (SSM ``GatePolicy/parameterName``), checked against the
/// local environment file, and the bootstrap bucket where plans and approvals travel.
///
/// ```swift
/// let gate = try await GateContext.load(session: aws.session(env.region), environment: env)
/// print(gate.identity.arn, gate.policy.requiredApprovals)
/// ```
public struct GateContext: Sendable {
    public let identity: CallerIdentity
    /// The pinned gate, or `nil` where none is pinned (allowed outside production only).
    public let pinned: GatePolicy?
    public let environment: EnvironmentConfig
    public let bucket: BucketPlanStore
    /// SHA-256 of the environment file's bytes, which a plan records.
    public let environmentSHA256: String

    /// The values that count: the pin when there is one (the file agrees with it by then), else the file.
    public var policy: GatePolicy { pinned ?? GatePolicy(environment) }

    public var requiresApprovals: Bool { policy.requiredApprovals > 0 }

    /// Reads identity and pin; refuses a production environment whose account has no pin, and
    /// any environment file that disagrees with the pin. `identity`: the credentials' identity when
    /// the command has it already (else STS is asked).
    public static func load(session: AWSSession, environment: EnvironmentConfig, identity: CallerIdentity? = nil) async throws -> GateContext {
        let identity = if let identity { identity } else { try await STS(session).getCallerIdentity() }
        let parameter: SSMParameter?
        do {
            parameter = try await SSM(session).parameter(named: GatePolicy.parameterName)
        } catch let error as AWSError where error.status == 403 || error.code.contains("AccessDenied") {
            throw DeployError(
                .approvalRequired, "\(identity.arn) may not read the pinned gate \(GatePolicy.parameterName), so no deploy can be checked against it",
                hint: "allow ssm:GetParameter on parameter\(GatePolicy.parameterName) for the roles that plan, approve and deploy")
        }
        let pinned = try parameter.map { parameter throws(DeployError) in try GatePolicy(json: parameter.value) }
        if let pinned {
            try pinned.requireAgreement(with: environment)
        } else if environment.tier == .production {
            throw DeployError(
                .approvalRequired,
                "account \(identity.account) in \(session.region) has no pinned gate (\(GatePolicy.parameterName)), so production deploys are refused",
                hint: "an administrator runs `tenkai bootstrap --env \(environment.name)`, which pins the approvers in the account")
        }
        return GateContext(
            identity: identity, pinned: pinned, environment: environment,
            bucket: BucketPlanStore.forAccount(of: session, account: identity.account),
            environmentSHA256: try environmentDigest(environment))
    }

    /// SHA-256 of the environment file as it was read (the bytes a cloud assembly carries and its
    /// manifest records), or of the file on disk for a configuration made without them.
    public static func environmentDigest(_ environment: EnvironmentConfig) throws -> String {
        if !environment.source.isEmpty { return SHA256.hex(environment.source) }
        guard let bytes = try? Data(contentsOf: URL(fileURLWithPath: environment.file)) else {
            throw TenkaiError(.io, "cannot read \(environment.file) to record its digest")
        }
        return SHA256.hex(Array(bytes))
    }

    /// Adds an audit record; a failure to record is reported, not hidden, but does not mask the
    /// outcome being recorded.
    public func audit(_ event: AuditRecord.Event, planID: String?, result: String) async -> (any Error)? {
        do {
            try await bucket.record(AuditRecord(event: event, environment: environment.name, planID: planID, actor: identity.arn, result: result))
            return nil
        } catch {
            return error
        }
    }
}
