import FoundationEssentials

/// One entry of the gate's audit trail: who did what to which plan, when, and how it ended.
/// Written to the bootstrap bucket under `audit/<environment>/`, each record a new object that is
/// never overwritten.
///
/// ```swift
/// try await store.record(AuditRecord(event: .approve, environment: "prod", planID: id, actor: me.arn, result: "approved by pdm"))
/// ```
public struct AuditRecord: Codable, Sendable, Hashable {
    public enum Event: String, Codable, Sendable {
        case plan, approve, execute, refuse
    }

    public var time: Date
    public var event: Event
    public var environment: String
    public var planID: String?
    /// The AWS identity (STS caller ARN) that acted.
    public var actor: String
    /// What came of it, in a few words (`approved by pdm`, `deployed 3 stacks`, the refusal's reason).
    public var result: String

    public init(time: Date = Date(), event: Event, environment: String, planID: String?, actor: String, result: String) {
        self.time = time
        self.event = event
        self.environment = environment
        self.planID = planID
        self.actor = actor
        self.result = result
    }

    /// The record's key: time first, so a listing reads in order; a random tail keeps two records
    /// of the same second apart.
    func key(random: UInt32 = .random(in: 0...UInt32.max)) -> String {
        let stamp = time.formatted(.iso8601).replacing(":", with: "")
        let tail = String(random, radix: 16)
        return "audit/\(environment)/\(stamp)-\(event.rawValue)-\(String(repeating: "0", count: 8 - tail.count))\(tail).json"
    }
}
