@testable import AWSClient
import Foundation
import Testing
import TestSupport

/// ECR against moto with signature checks: the registry login `tenkai image push` uses, and the
/// image look-up a release's preflight uses. Set-up calls our client does not offer go through
/// the session directly.
@Suite("ECR against moto")
struct ECRMotoTests {
    @Test func registryLoginDecodesTheTokenIntoBasicCredentials() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let login = try await ECR(try MotoSessions.session(moto)).registryLogin()
        #expect(login.username == "AWS")
        #expect(login.password.hasSuffix("-auth-token") && login.password.count > "-auth-token".count)
        let endpoint = try #require(login.proxyEndpoint)
        #expect(endpoint.hasPrefix("https://") && endpoint.hasSuffix(".dkr.ecr.\(MotoSessions.region).amazonaws.com"))
        #expect(login.expiresAt != nil)
    }

    @Test func describeImagesFindsAPushedImageByDigestAndTag() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let session = try MotoSessions.session(moto)
        let repository = MotoSessions.uniqueName("images")
        struct CreateRepository: Encodable { var repositoryName: String }
        struct PutImage: Encodable { var repositoryName: String; var imageManifest: String; var imageTag: String }
        struct PutImageOutput: Decodable { struct Image: Decodable { var imageId: ID }; struct ID: Decodable { var imageDigest: String }; var image: Image }
        struct Ignored: Decodable {}
        _ = try await session.json(.ecr, "CreateRepository", CreateRepository(repositoryName: repository), as: Ignored.self)
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000001","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000002","size":3}]}"#
        let put = try await session.json(
            .ecr, "PutImage", PutImage(repositoryName: repository, imageManifest: manifest, imageTag: "1.0"), as: PutImageOutput.self)
        let digest = put.image.imageId.imageDigest

        let ecr = ECR(session)
        let all = try await ecr.describeImages(repositoryName: repository)
        #expect(all.map(\.imageDigest) == [digest])
        #expect(all.first?.imageTags == ["1.0"])
        let one = try await ecr.describeImages(repositoryName: repository, imageDigest: digest)
        #expect(one.count == 1)

        let missing = await #expect(throws: AWSError.self) { try await ecr.describeImages(repositoryName: repository + "-missing") }
        #expect(missing?.code == "RepositoryNotFoundException")
    }
}
