@testable import AWSClient
import Foundation
import Synchronization
import Tenkai
import TenkaiCore
import TenkaiStacks
import Testing
import TestSupport
@testable import TenkaiDeploy

/// Where a release looks for its stacks when nothing is deployed yet, against moto: only the
/// environment's region (where the roles that plan and release may read), and the error names
/// every stack that publishes release outputs.
@Suite("A release reads the deployed stacks' outputs, against moto")
struct ReleaseLiveOutputsTests {
    @Test func onlyTheEnvironmentsRegionIsAskedAndTheMissingStacksAreNamed() async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let keys = try #require(moto.credentials)
        let session = AWSSession(
            region: "ap-northeast-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey)),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.endpoint.absoluteString]))
        let aws = AWSConnections(session)
        let environment = try EnvironmentLoader.load(ProjectPaths.root.appendingPathComponent("Environments/dev.yaml"))
        let resolved = try Resolver.resolve(fileShare, in: environment)
        #expect(resolved.stacks.contains { $0.region != environment.region }, "fileshare has a stack outside its region (edge-global)")
        let asked = Mutex<Set<String>>([])
        let error = await #expect(throws: ReleaseError.self) {
            let declared = resolved.stacks.map {
                ReleaseTarget.DeclaredStack(name: $0.name, stackName: $0.stackName, region: $0.region, outputNames: Array($0.template.outputs.keys))
            }
            return try await ReleaseTarget.live(
                system: resolved.systemName, environment: environment, stacks: declared, components: resolved.components, service: nil
            ) { region in
                asked.withLock { _ = $0.insert(region) }
                return aws.cloudFormation(region)
            }
        }
        #expect(asked.withLock { $0 } == [environment.region])
        #expect(error?.message == "fileshare/dev is not deployed: no stack fileshare-dev-app (ap-northeast-1), fileshare-dev-monitoring (ap-northeast-1), whose outputs a release reads")
    }
}
