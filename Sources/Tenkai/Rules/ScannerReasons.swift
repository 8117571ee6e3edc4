import TenkaiCore

/// The scanners' checks that components argue against by design, each with the reason a
/// reviewer reads in the template and in `tenkai synth`'s summary. A component applies them
/// only where its design makes the check inapplicable; everything else the scanners report
/// is fixed in the component or argued by the system's author with `.suppress(scanner:reason:)`.
enum ScannerReasons {
    static let logGroupKey = (
        ScannerCheck.checkov("CKV_AWS_158"),
        "CloudWatch Logs encrypts every log group at rest with AWS-owned keys; these groups hold request and flow metadata, "
            + "not customer content, and a customer key would let one key-policy mistake stop log delivery")
    static let alarmTopicKey = (
        ScannerCheck.checkov("CKV_AWS_26"),
        "the topic carries alarm and budget notices (names and states, no customer data); CloudWatch alarms and Budgets "
            + "cannot publish to a topic encrypted with the AWS-managed SNS key")
    static let logDestinationAccessLogs = (
        ScannerCheck.checkov("CKV_AWS_18"),
        "this bucket is the access-log destination; logging it into itself would log its own log deliveries without end")
    static let logDestinationVersioning = (
        ScannerCheck.checkov("CKV_AWS_21"),
        "log deliveries write each object once and lifecycle rules expire them after the retention period; versioning "
            + "would keep every expired log as a noncurrent version")
    static let logDestinationVersioningCfripper = (ScannerCheck.cfripper("S3ObjectVersioningRule"), logDestinationVersioning.1)
    static let keyPolicyAdministration = (
        ScannerCheck.cfripper("GenericResourceWildcardPolicyRule"),
        "kms:* for this account's root is AWS's default key policy: it delegates the key's administration to IAM "
            + "policies in this account, which grant only the actions each role needs")
    static let internetFacingLoadBalancer = (
        ScannerCheck.cfripper("PublicELBCheckerRule"),
        "an internet-facing load balancer is this system's entry point by design; its security group, listener TLS "
            + "policy and web ACL are what protect it")
    static let redirectPort = (
        ScannerCheck.checkov("CKV_AWS_260"),
        "port 80 only answers a 301 redirect to HTTPS (the HTTP listener forwards nothing)")
    static let openWebPorts = (
        ScannerCheck.cfripper("EC2SecurityGroupOpenToWorldRule"),
        "a public API's load balancer takes HTTPS (and HTTP that it redirects) from anyone; the web ACL rate-limits and filters")
}

extension StackContext {
    /// Records `suppressions` on resource `id` (added by the current component).
    mutating func argue(_ id: String, _ suppressions: [(ScannerCheck, String)]) {
        update(id) { resource in
            for (check, reason) in suppressions { resource.suppress(check, reason: reason) }
        }
    }
}
