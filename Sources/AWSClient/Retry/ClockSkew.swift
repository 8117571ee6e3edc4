import FoundationEssentials
import Synchronization

/// How far this machine's clock is from AWS's, learned from a rejected request's `Date` header,
/// so signatures use AWS's time. A few seconds of drift never matters; a wrong clock by more than
/// the servers' tolerance makes every signature fail until corrected.
public final class ClockSkew: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    public init() {}

    /// The time to sign with.
    public func now() -> Date {
        Date().addingTimeInterval(offset.withLock { $0 })
    }

    /// Error codes that can mean "your clock is wrong".
    public static let skewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException", "SignatureDoesNotMatch",
        "AuthFailure", "RequestInTheFuture",
    ]

    /// Learns the offset from a rejected answer. Returns `true` when it changed enough (over a minute)
    /// that signing again may now succeed.
    public func correct(from error: AWSError, serverDate: String?) -> Bool {
        guard Self.skewCodes.contains(error.code), let serverDate, let server = HTTPDate.parse(serverDate) else {
            return false
        }
        let skew = server.timeIntervalSinceNow
        let previous = offset.withLock { $0 }
        guard abs(skew - previous) > 60 else { return false }
        offset.withLock { $0 = skew }
        return true
    }
}
