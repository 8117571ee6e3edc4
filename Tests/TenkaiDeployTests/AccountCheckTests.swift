import AWSClient
import Foundation
import TenkaiDeploy
import TestSupport
import Testing

/// The account check against moto in server mode with signature checks: moto's IAM user lives
/// in moto's default account, 123456789012.
@Suite struct AccountCheckTests {
    static func sts(_ moto: MotoServer) throws -> STS {
        STS(try MotoDeployment.session(moto))
    }

    @Test func credentialsOfTheEnvironmentsAccountPass() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let identity = try await AccountCheck.verify(expected: "123456789012", environmentName: "dev", sts: try Self.sts(moto))
        #expect(identity.account == "123456789012")
        #expect(identity.arn.contains(":user/"))
    }

    @Test func credentialsOfAnotherAccountAreRefusedWithBothNumbers() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let error = await #expect(throws: AccountMismatch.self) {
            try await AccountCheck.verify(expected: "333333333333", environmentName: "prod", sts: try Self.sts(moto))
        }
        #expect(error?.expected == "333333333333" && error?.actual == "123456789012")
        let message = error?.description ?? ""
        #expect(message.contains("333333333333") && message.contains("123456789012") && message.contains("Environments/prod.yaml"))
    }

    @Test func credentialsMotoRejectsNeverPassTheCheck() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let keys = try #require(moto.credentials)
        let forged = STS(AWSSession(
            region: "ap-northeast-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: "not-the-secret")),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.endpoint.absoluteString]),
            retryPolicy: RetryPolicy(maximumAttempts: 1)))
        await #expect(throws: AWSError.self) {
            try await AccountCheck.verify(expected: "123456789012", environmentName: "dev", sts: forged)
        }
    }
}
