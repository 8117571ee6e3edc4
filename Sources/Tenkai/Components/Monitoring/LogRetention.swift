import TenkaiCore

/// The retention periods CloudWatch Logs accepts, checked at synth time rather than at deploy.
enum LogRetention {
    static let allowedDays: [Int] = [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ]

    /// Whether `days` is accepted; reports an error on the current component when not.
    static func check(_ days: Int, in stack: inout StackContext) -> Bool {
        guard allowedDays.contains(days) else {
            stack.report(.error(
                "log retention of \(days) days is not a period CloudWatch Logs accepts",
                hint: "use one of \(allowedDays.map(String.init).joined(separator: ", "))"))
            return false
        }
        return true
    }
}

extension LogRetention {
    /// A log group that outlives its stack in production (`DeletionPolicy` and
    /// `UpdateReplacePolicy` Retain: audit and incident logs must survive a stack's removal or
    /// replacement) and is deleted with it elsewhere.
    static func logGroup(_ properties: Fields, in stack: StackContext, dependsOn: [String] = []) -> Resource {
        let policy: DeletionPolicy = stack.environment.isProduction ? .retain : .delete
        var group = Resource(
            type: "AWS::Logs::LogGroup", properties: properties, dependsOn: dependsOn,
            deletionPolicy: policy, updateReplacePolicy: policy)
        group.suppress(ScannerReasons.logGroupKey.0, reason: ScannerReasons.logGroupKey.1)
        return group
    }
}
