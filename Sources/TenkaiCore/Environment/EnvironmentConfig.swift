/// One deployment environment, as `Environments/<name>.yaml` describes it.
///
/// Structural differences between environments are Swift in the stack code
/// (`if env.tier == .production`); the numbers and facts (account, region, sizes, counts,
/// domain, approvers) live here. ``EnvironmentLoader`` reads it strictly.
public struct EnvironmentConfig: Sendable, Hashable {
    public enum Tier: String, Sendable, Hashable, CaseIterable, Codable {
        case development, staging, production
    }

    /// Where alarms go: an e-mail address, a Slack channel through AWS Chatbot, or both.
    public struct AlarmTarget: Sendable, Hashable {
        public var email: String?
        public var slackWorkspaceID: String?
        public var slackChannelID: String?

        public init(email: String? = nil, slackWorkspaceID: String? = nil, slackChannelID: String? = nil) {
            self.email = email
            self.slackWorkspaceID = slackWorkspaceID
            self.slackChannelID = slackChannelID
        }
    }

    /// A person allowed to approve deploy plans, with their Ed25519 public key.
    public struct Approver: Sendable, Hashable {
        public var name: String
        public var publicKey: String
    }

    /// Per-system tunables: sizes (`db.t4g.micro`, `512/1024`), counts, and free-form settings.
    public struct SystemSettings: Sendable, Hashable {
        public var sizes: [String: String] = [:]
        public var counts: [String: Int] = [:]
        public var settings: [String: String] = [:]
        /// Usage figures for the cost estimate (``UsageKey``), `storedGB` or `storedGB.files`.
        public var usage: [String: Double] = [:]
        public var location: SourceLocation?
        /// Where each value is written, by `sizes.<key>`, `counts.<key>` or `settings.<key>`: a
        /// value the system never reads is reported there (a typo must not silently drop a setting).
        public var keyLocations: [String: SourceLocation] = [:]

        public init(sizes: [String: String] = [:], counts: [String: Int] = [:], settings: [String: String] = [:]) {
            self.sizes = sizes
            self.counts = counts
            self.settings = settings
        }
    }

    public var name: String
    public var tier: Tier
    /// The 12-digit AWS account ID.
    public var account: String
    public var region: String
    public var multiAZ: Bool
    /// How many availability zones the network spans (2 at least: load balancers need two).
    public var availabilityZones: Int
    public var domain: String
    public var alarms: AlarmTarget
    public var approvers: [Approver]
    /// How many distinct approvals a plan needs before it may run (0: no gate).
    public var requiredApprovals: Int
    /// How long a plan (and an approval of it) stays valid, in hours.
    public var planValidityHours: Int
    public static let defaultPlanValidityHours = 24
    public var release: ReleaseStrategy
    /// Extra tags put on every resource, besides system, environment, stack and managed-by.
    public var tags: [String: String]
    public var systems: [String: SystemSettings]
    /// Service quotas of the account and region that differ from AWS's defaults (raised through
    /// Service Quotas), by name: `elasticIPs` (default 5 per region).
    public var quotas: [String: Int] = [:]
    /// The file this configuration was read from (for messages).
    public var file: String
    /// The file's bytes as read: synth copies them into the cloud assembly, so a deploy from the
    /// assembly sees exactly the settings it was made with.
    public var source: [UInt8] = []

    public init(
        name: String, tier: Tier, account: String, region: String, multiAZ: Bool, availabilityZones: Int = 2,
        domain: String, alarms: AlarmTarget = AlarmTarget(), approvers: [Approver] = [], requiredApprovals: Int = 0,
        planValidityHours: Int = EnvironmentConfig.defaultPlanValidityHours, release: ReleaseStrategy = .allAtOnce, tags: [String: String] = [:], systems: [String: SystemSettings] = [:],
        file: String = "<memory>"
    ) {
        self.name = name
        self.tier = tier
        self.account = account
        self.region = region
        self.multiAZ = multiAZ
        self.availabilityZones = availabilityZones
        self.domain = domain
        self.alarms = alarms
        self.approvers = approvers
        self.requiredApprovals = requiredApprovals
        self.planValidityHours = planValidityHours
        self.release = release
        self.tags = tags
        self.systems = systems
        self.file = file
    }
}
