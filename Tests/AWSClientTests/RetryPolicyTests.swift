@testable import AWSClient
import Foundation
import Testing

@Suite("Retry policy, budget and clock skew")
struct RetryPolicyTests {
    @Test func backoffIsFullJitterOfAnExponentialCappedAtTwentySeconds() {
        let policy = RetryPolicy.standard
        #expect(policy.delay(afterAttempt: 1, fraction: 1) == .seconds(1))
        #expect(policy.delay(afterAttempt: 2, fraction: 1) == .seconds(2))
        #expect(policy.delay(afterAttempt: 3, fraction: 1) == .seconds(4))
        #expect(policy.delay(afterAttempt: 5, fraction: 1) == .seconds(16))
        #expect(policy.delay(afterAttempt: 6, fraction: 1) == .seconds(20))
        #expect(policy.delay(afterAttempt: 60, fraction: 1) == .seconds(20))
        #expect(policy.delay(afterAttempt: 3, fraction: 0.5) == .seconds(2))
        #expect(policy.delay(afterAttempt: 3, fraction: 0) == .zero)
    }

    @Test func theStandardModeMakesThreeAttempts() {
        #expect(RetryPolicy.standard.maximumAttempts == 3)
        #expect(RetryPolicy(maximumAttempts: 0).maximumAttempts == 1)
    }

    @Test func failuresAreClassifiedLikeTheSDKs() {
        func aws(_ status: Int, _ code: String) -> AWSError {
            AWSError(service: "S", operation: "O", status: status, code: code, message: "", requestID: nil)
        }
        #expect(RetryPolicy.classify(aws(400, "Throttling")) == .throttling)
        #expect(RetryPolicy.classify(aws(503, "SlowDown")) == .throttling)
        #expect(RetryPolicy.classify(aws(429, "Whatever")) == .throttling)
        for status in [500, 502, 503, 504] {
            #expect(RetryPolicy.classify(aws(status, String(status))) == .serverError)
        }
        #expect(RetryPolicy.classify(aws(400, "RequestTimeout")) == .timeout)
        #expect(RetryPolicy.classify(aws(400, "InternalError")) == .serverError)
        #expect(RetryPolicy.classify(aws(400, "ValidationError")) == nil)
        #expect(RetryPolicy.classify(aws(403, "AccessDenied")) == nil)
        #expect(RetryPolicy.classify(aws(501, "NotImplemented")) == nil)
        #expect(RetryPolicy.classify(HTTPTransportError(.couldNotConnect, "")) == .notSent)
        #expect(RetryPolicy.classify(HTTPTransportError(.connectionFailed, "")) == .connectionReset)
        #expect(RetryPolicy.classify(HTTPTransportError(.timedOut, "")) == .timeout)
        #expect(RetryPolicy.classify(HTTPTransportError(.tls, "")) == nil)
        #expect(RetryPolicy.classify(CancellationError()) == nil)
    }

    @Test func theBudgetChargesFivePerRetryTenPerTimeoutAndRefundsSuccess() {
        let bucket = RetryTokenBucket()
        #expect(bucket.available == 500)
        #expect(bucket.acquire(for: .serverError) == 5)
        #expect(bucket.acquire(for: .timeout) == 10)
        #expect(bucket.available == 485)
        bucket.recordSuccess(spent: 15)
        #expect(bucket.available == 500)
        bucket.recordSuccess(spent: 0)
        #expect(bucket.available == 500, "never above capacity")
    }

    @Test func anEmptyBudgetStopsRetrying() {
        let bucket = RetryTokenBucket()
        for _ in 0..<50 { _ = bucket.acquire(for: .timeout) }
        #expect(bucket.available == 0)
        #expect(bucket.acquire(for: .throttling) == nil)
        bucket.recordSuccess(spent: 0)
        #expect(bucket.available == 1)
    }

    @Test func clockSkewIsLearnedFromTheServerDate() {
        let skew = ClockSkew()
        let error = AWSError(service: "S", operation: "O", status: 403, code: "RequestTimeTooSkewed", message: "", requestID: nil)
        let anHourAhead = Date().addingTimeInterval(3600)
        let header = Self.httpDate(anHourAhead)
        #expect(skew.correct(from: error, serverDate: header))
        #expect(abs(skew.now().timeIntervalSince(anHourAhead)) < 5)
        #expect(!skew.correct(from: error, serverDate: header), "already corrected")
        let other = AWSError(service: "S", operation: "O", status: 400, code: "ValidationError", message: "", requestID: nil)
        #expect(!ClockSkew().correct(from: other, serverDate: header))
        #expect(!ClockSkew().correct(from: error, serverDate: "not a date"))
    }

    @Test func httpDatesParse() {
        #expect(HTTPDate.parse("Wed, 25 Nov 2026 08:30:10 GMT") == ISO8601Timestamp.parse("2026-11-25T08:30:10Z"))
        #expect(HTTPDate.parse("Wed, 25 Nov 2026 08:30:10") == nil)
        #expect(HTTPDate.parse("") == nil)
    }

    static func httpDate(_ date: Date) -> String {
        let text = ISO8601Timestamp.format(date)  // 2026-11-25T08:30:10Z
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) }).map(String.init)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "Mon, \(parts[2]) \(months[Int(parts[1])! - 1]) \(parts[0]) \(parts[3]):\(parts[4]):\(parts[5]) GMT"
    }
}
