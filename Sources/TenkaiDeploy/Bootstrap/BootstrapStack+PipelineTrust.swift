import TenkaiCore

extension BootstrapStack {
    /// The production pipeline's release build role, in the production account, which releases to
    /// the earlier environments by assuming their `tenkai-deploy-<env>` roles.
    public struct PipelineRole: Sendable, Hashable {
        public let arn: String
        public let account: String

        /// Accepts only an IAM role ARN (`arn:aws:iam::123456789012:role/name`): the trust names
        /// exactly one principal.
        public init(arn: String) throws(TenkaiError) {
            let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "iam", parts[3].isEmpty,
                parts[4].count == 12, parts[4].allSatisfy(\.isNumber), parts[5].hasPrefix("role/"), parts[5].count > 5,
                !arn.contains("*"), !arn.contains("?")
            else {
                throw TenkaiError(
                    .invalidInput, "'\(arn)' is not an IAM role ARN",
                    hint: "pass the production pipeline's release role, e.g. arn:aws:iam::333333333333:role/fileshare-prod-pipeline-ReleasePipelineReleaseRole-ABC (the pipeline stack's resources list it)")
            }
            self.arn = arn
            self.account = String(parts[4])
        }
    }

    /// Trust for the production pipeline's release role: its account is the principal, and the
    /// condition narrows it to that one role (`aws:PrincipalArn`), so no other principal of the
    /// production account may assume the deploy role.
    static func pipelineTrust(_ role: PipelineRole) -> Value {
        [
            "Sid": "ProductionPipelineRelease", "Effect": "Allow",
            "Principal": ["AWS": .sub("arn:${AWS::Partition}:iam::\(role.account):root")], "Action": "sts:AssumeRole",
            "Condition": ["ArnEquals": ["aws:PrincipalArn": .string(role.arn)]],
        ]
    }
}
