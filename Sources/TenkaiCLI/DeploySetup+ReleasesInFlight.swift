import AWSClient
import TenkaiCore
import TenkaiDeploy

extension DeploySetup {
    /// Refuses to deploy or plan while a release of one of the selected systems is in flight in
    /// the environment (its state or lock in the bootstrap bucket): one S3 listing. An environment
    /// without a bootstrap bucket has no releases.
    func refuseDuringRelease() async throws {
        let session = aws.session(environment.region)
        let identity = try await aws.callerIdentity()
        let bucket = BootstrapStack.bucketName(account: identity.account, region: session.region)
        do {
            if let refusal = try await ReleasesInFlight(s3: S3(session), bucket: bucket)
                .refusal(environment: environment.name, systems: systems.map(\.system))
            {
                throw refusal
            }
        } catch let error as AWSError where error.code == "NoSuchBucket" {
            return
        }
    }
}
