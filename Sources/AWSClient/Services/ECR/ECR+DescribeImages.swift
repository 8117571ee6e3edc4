extension ECR {
    /// The digests and tags of a repository's images, or only of the digest asked for
    /// (`ImageNotFoundException` when it is not there).
    public func describeImages(repositoryName: String, imageDigest: String? = nil) async throws -> [ImageDetail] {
        struct ImageID: Encodable { var imageDigest: String }
        struct Input: Encodable { var repositoryName: String; var imageIds: [ImageID]?; var nextToken: String? }
        struct Page: Decodable { var imageDetails: [ImageDetail]; var nextToken: String? }
        var details: [ImageDetail] = []
        var token: String?
        repeat {
            let page = try await session.json(
                .ecr, "DescribeImages",
                Input(repositoryName: repositoryName, imageIds: imageDigest.map { [ImageID(imageDigest: $0)] }, nextToken: token),
                as: Page.self)
            details += page.imageDetails
            token = page.nextToken
        } while token != nil
        return details
    }
}

/// One image of a repository.
public struct ImageDetail: Decodable, Sendable, Equatable {
    public var imageDigest: String
    public var imageTags: [String]?
    public var imageSizeInBytes: Int?
}
