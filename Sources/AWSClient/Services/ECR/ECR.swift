/// The ECR call a release's preflight makes: does the image it is about to run exist?
///
/// ```swift
/// let found = try await ECR(aws).imageExists(repository: "fileshare", digest: "sha256:…")
/// ```
public struct ECR: Sendable {
    public let session: AWSSession

    public init(_ session: AWSSession) {
        self.session = session
    }

    /// Whether `repository` holds an image with this digest or tag (`ImageNotFoundException`: no).
    public func imageExists(repository: String, digest: String? = nil, tag: String? = nil) async throws -> Bool {
        struct ImageID: Encodable { var imageDigest: String?; var imageTag: String? }
        struct Input: Encodable { var repositoryName: String; var imageIds: [ImageID] }
        struct Output: Decodable { var imageDetails: [Detail] }
        struct Detail: Decodable { var imageDigest: String? }
        do {
            let output = try await session.json(
                .ecr, "DescribeImages", Input(repositoryName: repository, imageIds: [ImageID(imageDigest: digest, imageTag: tag)]),
                as: Output.self)
            return !output.imageDetails.isEmpty
        } catch let error as AWSError where error.code == "ImageNotFoundException" {
            return false
        }
    }
}
