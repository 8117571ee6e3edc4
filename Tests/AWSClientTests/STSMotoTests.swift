import AWSClient
import Testing
import TestSupport

@Suite("STS against moto with signature checks")
struct STSMotoTests {
    @Test func getCallerIdentityNamesTheSigningUser() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let identity = try await STS(try MotoSessions.session(moto)).getCallerIdentity()
        #expect(identity.arn.hasSuffix(":user/tenkai-test"))
        #expect(identity.account == "123456789012")
    }

    @Test func aWrongSecretIsRejectedWithSignatureDoesNotMatch() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let error = await #expect(throws: AWSError.self) {
            try await STS(try MotoSessions.session(moto, secret: "wrong-secret")).getCallerIdentity()
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.status == 403)
        #expect(error?.operation == "GetCallerIdentity")
    }
}
