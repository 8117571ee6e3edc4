extension Value {
    /// The text this value will have once deployed to `account` and `region`, when that is known
    /// before deploying: a plain string, or an `Fn::Sub` that uses only the account, region,
    /// partition and URL suffix (the account-suffixed names of buckets). `nil` otherwise.
    ///
    /// ```swift
    /// Value.sub("logs-${AWS::AccountId}-${AWS::Region}").resolvedName(account: "111111111111", region: "ap-northeast-1")
    /// // "logs-111111111111-ap-northeast-1"
    /// ```
    public func resolvedName(account: String, region: String) -> String? {
        switch self {
        case .string(let text):
            return text
        case .function("Fn::Sub", .string(let template)):
            let partition = region.hasPrefix("cn-") ? "aws-cn" : region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws"
            let known = [
                "AWS::AccountId": account, "AWS::Region": region, "AWS::Partition": partition,
                "AWS::URLSuffix": region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com",
            ]
            var text = template
            for (name, value) in known { text = text.replacing("${\(name)}", with: value) }
            return text.contains("${") ? nil : text
        default:
            return nil
        }
    }
}
