/// A usage figure the cost estimate assumes for a system: how much traffic, storage and work a
/// month brings. The numbers a template cannot know (requests, GB stored) live in the
/// environment file's `systems.<name>.usage` map; each has a default, and every one used is
/// printed with the estimate.
///
/// ```yaml
/// systems:
///   fileshare:
///     usage:
///       requestsMillions: 30      # every component of the system
///       storedGB.files: 500       # only the component named `files`
/// ```
public enum UsageKey: String, Sendable, Hashable, CaseIterable {
    case hours
    case requestsMillions
    case dataOutGB
    case natDataGB
    case loadBalancerCapacityUnits
    case logsIngestedGB
    case storedGB
    case s3PutThousands
    case s3GetThousands
    case tableStoredGB
    case tableWritesMillions
    case tableReadsMillions
    case invocationsMillions
    case functionDurationMs
    case monthlyActiveUsers
    case cloudTrailEventsMillions
    case flowLogsGB
    case configItems
    case securityChecks
    case kmsRequestsThousands
    case secretCallsThousands
    case dnsQueriesMillions
    case imageStoredGB
    case backupStoredGB
    case volumeGB
    case buildMinutes
    case pipelineBuildMinutes
    case hostingServedGB

    /// What a month brings when the environment file says nothing.
    public var defaultValue: Double {
        switch self {
        case .hours: 730
        case .requestsMillions: 1
        case .dataOutGB: 50
        case .natDataGB: 20
        case .loadBalancerCapacityUnits: 1
        case .logsIngestedGB: 1
        case .storedGB: 10
        case .s3PutThousands: 100
        case .s3GetThousands: 1000
        case .tableStoredGB: 1
        case .tableWritesMillions: 1
        case .tableReadsMillions: 5
        case .invocationsMillions: 1
        case .functionDurationMs: 200
        case .monthlyActiveUsers: 1000
        case .cloudTrailEventsMillions: 1
        case .flowLogsGB: 10
        case .configItems: 2000
        case .securityChecks: 5000
        case .kmsRequestsThousands: 100
        case .secretCallsThousands: 10
        case .dnsQueriesMillions: 1
        case .imageStoredGB: 2
        case .backupStoredGB: 20
        case .volumeGB: 20
        case .buildMinutes: 100
        case .pipelineBuildMinutes: 300
        case .hostingServedGB: 10
        }
    }

    /// What the figure counts, per month unless it says otherwise.
    public var meaning: String {
        switch self {
        case .hours: "hours a month each always-on resource runs"
        case .requestsMillions: "million HTTP requests a month (load balancer, CloudFront, WAF, API Gateway)"
        case .dataOutGB: "GB a month served to the internet through CloudFront"
        case .natDataGB: "GB a month through the NAT gateways, all of them together"
        case .loadBalancerCapacityUnits: "load balancer capacity units (LCU) used on average"
        case .logsIngestedGB: "GB a month written to each log group"
        case .storedGB: "GB kept in each bucket"
        case .s3PutThousands: "thousand PUT/COPY/POST/LIST requests a month per bucket"
        case .s3GetThousands: "thousand GET requests a month per bucket"
        case .tableStoredGB: "GB kept in each DynamoDB table"
        case .tableWritesMillions: "million write request units a month per on-demand table"
        case .tableReadsMillions: "million read request units a month per on-demand table"
        case .invocationsMillions: "million invocations a month per function"
        case .functionDurationMs: "milliseconds each invocation runs"
        case .monthlyActiveUsers: "monthly active users of each user pool"
        case .cloudTrailEventsMillions: "million CloudTrail management events a month GuardDuty analyses"
        case .flowLogsGB: "GB a month of VPC flow and DNS logs GuardDuty analyses"
        case .configItems: "configuration items AWS Config records a month"
        case .securityChecks: "Security Hub security checks a month"
        case .kmsRequestsThousands: "thousand KMS requests a month per key"
        case .secretCallsThousands: "thousand Secrets Manager API calls a month per secret"
        case .dnsQueriesMillions: "million DNS queries a month per hosted zone"
        case .imageStoredGB: "GB of images kept in each repository"
        case .backupStoredGB: "GB of backups kept in each backup plan's vault"
        case .volumeGB: "GB of EBS volume per app server"
        case .buildMinutes: "Amplify build minutes a month per app"
        case .pipelineBuildMinutes: "CodeBuild minutes a month per build project of a release pipeline (also its action minutes)"
        case .hostingServedGB: "GB a month Amplify hosting serves per app"
        }
    }

    /// Whether `name` (`storedGB` or `storedGB.files`) names a usage figure.
    public static func parse(_ name: String) -> (key: UsageKey, component: String?)? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let first = parts.first, let key = UsageKey(rawValue: first) else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty else { return nil }
            return (key, parts[1])
        }
        return (key, nil)
    }
}
