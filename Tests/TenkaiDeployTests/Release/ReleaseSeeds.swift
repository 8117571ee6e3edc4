@testable import AWSClient
import Foundation
import Testing
import TestSupport

/// What every release fixture puts into moto before a release: the 5xx alarm the release
/// watches, and two images (`v1`, `v2`) of `fileshare` in ECR, answered by digest. A second
/// fixture on the same moto finds them there and reuses them.
enum ReleaseSeeds {
    static func errorAlarm(_ name: String, session: AWSSession) async throws {
        _ = try await session.query(.cloudWatch, "PutMetricAlarm", TargetErrorAlarm(alarmName: name), as: Nothing.self)
    }

    /// `123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare@sha256:…` for `v1` and `v2`.
    static func images(session: AWSSession) async throws -> [String] {
        struct CreateRepository: Encodable { var repositoryName: String }
        struct PutImage: Encodable { var repositoryName: String; var imageManifest: String; var imageTag: String }
        struct PutImageOutput: Decodable { struct Image: Decodable { struct ID: Decodable { var imageDigest: String }; var imageId: ID }; var image: Image }
        try await ignoringAlreadyExists {
            _ = try await session.json(.ecr, "CreateRepository", CreateRepository(repositoryName: "fileshare"), as: Nothing.self)
        }
        var images: [String] = []
        for (index, tag) in ["v1", "v2"].enumerated() {
            let manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:\(String(repeating: String(index), count: 64))","size":\(100 + index)},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:\(String(repeating: String(index + 2), count: 64))","size":\(200 + index)}]}
                """
            var digest: String?
            try await ignoringAlreadyExists {
                digest = try await session.json(
                    .ecr, "PutImage", PutImage(repositoryName: "fileshare", imageManifest: manifest, imageTag: tag), as: PutImageOutput.self
                ).image.imageId.imageDigest
            }
            if digest == nil {
                struct ImageID: Encodable { var imageTag: String }
                struct Describe: Encodable { var repositoryName: String; var imageIds: [ImageID] }
                struct Described: Decodable { struct Detail: Decodable { var imageDigest: String }; var imageDetails: [Detail] }
                digest = try await session.json(
                    .ecr, "DescribeImages", Describe(repositoryName: "fileshare", imageIds: [ImageID(imageTag: tag)]), as: Described.self
                ).imageDetails.first?.imageDigest
            }
            images.append("123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare@\(try #require(digest))")
        }
        // moto's digest hashes the layers' digests: one layer each, or both images would be one.
        try #require(Set(images).count == images.count, "moto gave both images one digest: \(images)")
        return images
    }

    /// Runs `call`, taking "already exists" as done: under load a set-up call may be retried
    /// after its first attempt worked.
    static func ignoringAlreadyExists(_ call: () async throws -> Void) async throws {
        do {
            try await call()
        } catch let error as AWSError where error.code.contains("AlreadyExists") {
            return
        }
    }
}
