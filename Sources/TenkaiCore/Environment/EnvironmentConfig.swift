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

    /// What `systems.<name>` of the file holds: the system's own settings, which the system's
    /// settings type decodes strictly (``YAMLStrictDecoder``) when the system is loaded, and the
    /// `usage` figures of the cost estimate, which every system shares.
    public struct SystemSettings: Sendable, Hashable {
        /// `systems.<name>` as written, without `usage`.
        public var values: YAMLNode
        /// Usage figures for the cost estimate (``UsageKey``), `storedGB` or `storedGB.files`.
        public var usage: [String: Double] = [:]
        public var location: SourceLocation?

        public init(values: YAMLNode = .mapping([], at: .inMemory)) {
            self.values = values
            self.location = values.location
        }

        /// One value of the system's settings (for tools and tests that change a loaded file).
        public subscript(key: String) -> YAMLNode? {
            get {
                guard case .mapping(let pairs, _) = values else { return nil }
                return pairs.first { $0.key == key }?.value
            }
            set {
                guard case .mapping(var pairs, let location) = values else { return }
                if let index = pairs.firstIndex(where: { $0.key == key }) {
                    if let newValue { pairs[index].value = newValue } else { pairs.remove(at: index) }
                } else if let newValue {
                    pairs.append(YAMLPair(key: key, keyLocation: newValue.location, value: newValue))
                }
                values = .mapping(pairs, at: location)
            }
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
