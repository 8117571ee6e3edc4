import AWSClient
import TenkaiCore
import TenkaiDeploy

/// The deploy lock of one environment: two deploys of it at once would each see the other's
/// changes as drift and report confusing states, so the second is refused, naming the holder.
/// Kept in the bootstrap bucket (`locks/deploy/<env>.json`), renewed while the deploy runs; an
/// environment that was never bootstrapped deploys without one, and says so.
final class EnvironmentLock: Sendable {
    private let lock: BucketLock
    private let renewal: Task<Void, Never>

    private init(_ lock: BucketLock) {
        self.lock = lock
        renewal = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: EnvironmentLock.lifetime / 3)
                if !Task.isCancelled { try? await lock.renew() }
            }
        }
    }

    /// How long a lock lasts without renewal: a killed deploy blocks the next one at most this long.
    static let lifetime: Duration = .seconds(30 * 60)

    static func take(setup: DeploySetup, runID: String, reporter: any DeployReporter) async throws -> EnvironmentLock? {
        let session = setup.aws.session(setup.environment.region)
        let s3 = S3(session)
        let identity = try await setup.aws.callerIdentity()
        let bucket = BootstrapStack.bucketName(account: identity.account, region: session.region)
        let lock = BucketLock(
            s3: s3, bucket: bucket, key: "locks/deploy/\(setup.environment.name).json", holder: runID, who: identity.arn,
            what: "deploy of \(setup.systems.map(\.system).joined(separator: ", "))", lifetime: lifetime)
        do {
            try await lock.acquire()
        } catch let error as AWSError where error.code == "NoSuchBucket" {
            reporter.report(
                DeployEvent(
                    .notice, stack: "", stackName: "",
                    message: "no deploy lock: the bootstrap bucket \(bucket) does not exist (run `tenkai bootstrap --env \(setup.environment.name)`)"))
            return nil
        } catch let held as BucketLock.Held {
            throw DeployError(
                .stackBusy, "another deploy of environment \(setup.environment.name) is running: \(held)",
                hint: "wait for it to finish; a lock nobody renews expires after \(Int(lifetime / .seconds(60))) minutes")
        }
        return EnvironmentLock(lock)
    }

    /// Stops renewing and gives the lock back.
    func end() async {
        renewal.cancel()
        await lock.release()
    }
}
