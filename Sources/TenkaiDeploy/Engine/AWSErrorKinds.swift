import AWSClient

/// How the engine reads the errors CloudFormation answers with.
enum AWSErrorKinds {
    /// The texts CloudFormation (and emulators) use for "this change set would change nothing".
    static let noChangeTexts = [
        "The submitted information didn't contain changes",
        "No updates are to be performed",
    ]

    static func isNoChanges(_ reason: String?) -> Bool {
        guard let reason else { return false }
        return noChangeTexts.contains { reason.contains($0) }
    }

    /// The error form of "no changes" some emulators raise from `CreateChangeSet`.
    static func isNoChanges(_ error: any Error) -> Bool {
        guard let error = error as? AWSError else { return false }
        return isNoChanges(error.message)
    }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "RequestLimitExceeded", "SlowDown", "RequestThrottled",
        "ProvisionedThroughputExceededException", "BandwidthLimitExceeded", "LimitExceededException",
    ]

    static func isThrottling(_ error: any Error) -> Bool {
        guard let error = error as? AWSError else { return false }
        return throttlingCodes.contains(error.code) || error.status == 429
    }

    /// An error that says nothing about whether the call took effect: no answer arrived
    /// (connection lost, timeout). The engine then looks at the stack to find out.
    static func isLostAnswer(_ error: any Error) -> Bool {
        if let error = error as? AWSError { return error.status >= 500 || error.code == "RequestTimeout" }
        return !(error is CancellationError)
    }
}
