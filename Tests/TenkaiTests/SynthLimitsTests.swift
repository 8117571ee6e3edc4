import Foundation
import Tenkai
import TenkaiCore
import Testing

/// Limits a real account enforces at deploy time, caught at synth: unknown regions and more tags
/// than CloudFormation and AWS resources accept.
@Suite struct SynthLimitsTests {
    @Test func anUnknownRegionInTheEnvironmentFileIsAnErrorAtItsLine() {
        let text = """
            name: dev
            tier: development
            account: "123456789012"
            region: ap-northeast-9
            multiAZ: false
            domain: dev.example.com
            """
        #expect {
            _ = try EnvironmentLoader.parse(Array(text.utf8), file: "dev.yaml", expectedName: "dev")
        } throws: { error in
            let problem = (error as? TenkaiError)?.diagnostics.first
            return problem?.location?.line == 4 && problem?.hint?.contains("ap-northeast-1") == true
        }
    }

    @Test func aStackPinnedToAnUnknownRegionIsAnError() {
        let system = System("shop") { _ in Stack("edge", region: "us-east-7") { Fixtures.queue("jobs") } }
        #expect(Fixtures.errors(system).contains { $0.message.contains("'us-east-7', which is not an AWS region") })
    }

    @Test func moreThanFiftyTagsIsAnErrorAtSynthNotAtDeploy() {
        var environment = Fixtures.dev
        for index in 0..<47 { environment.tags["team-\(index)"] = "x" }
        let system = System("shop") { _ in Stack("data") { Bucket("files") } }
        let errors = Fixtures.errors(system, in: environment)
        #expect(errors.contains { $0.message.contains("stack data would carry 51 tags") })
        #expect(errors.contains { $0.message.contains("would carry") && $0.message.contains("AWS allows 50") })
        environment.tags["team-46"] = nil
        #expect(Fixtures.errors(system, in: environment).isEmpty, "50 is still fine")
    }
}
