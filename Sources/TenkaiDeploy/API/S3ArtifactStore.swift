import AWSClient
import FoundationEssentials

/// Puts large templates into the bootstrap bucket with `AWSClient`'s S3 client and hands
/// CloudFormation the object's https URL.
///
/// ```swift
/// let store = S3ArtifactStore(S3(session))
/// let url = try await store.store(bytes, bucket: "tenkai-bootstrap-artifactsbucket-1", key: "templates/app.json")
/// ```
public struct S3ArtifactStore: ArtifactStore {
    public let client: S3
    /// Who the credentials belong to: the bucket's name holds the account.
    public let identity: @Sendable () async throws -> CallerIdentity

    /// `identity`: where the account comes from; by default STS is asked each time.
    public init(_ client: S3, identity: (@Sendable () async throws -> CallerIdentity)? = nil) {
        self.client = client
        self.identity = identity ?? { try await STS(client.session).getCallerIdentity() }
    }

    public func bootstrapBucketName() async throws -> String {
        BootstrapStack.bucketName(account: try await identity().account, region: client.session.region)
    }

    public func store(_ bytes: [UInt8], bucket: String, key: String) async throws -> String {
        try await client.putObject(bucket: bucket, key: key, body: .data(Data(bytes)), contentType: "application/json")
        // CloudFormation reads templates from S3 itself, so the URL names AWS's endpoint, not a local one.
        let region = client.session.region
        return "https://\(bucket).s3.\(region).amazonaws.com/\(key)"
    }
}
