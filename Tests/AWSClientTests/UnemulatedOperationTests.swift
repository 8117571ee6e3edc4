import AWSClient
import Foundation
import Synchronization
import Testing

/// Operations moto does not implement, checked against a recording fake transport: the request
/// must be what the API reference describes, and the answer must decode.
@Suite("Operations moto lacks, against a recording transport")
struct UnemulatedOperationTests {
    final class RecordingTransport: HTTPTransport {
        let sent = Mutex<[HTTPRequest]>([])
        let answer: String

        init(answer: String) { self.answer = answer }

        func send(_ request: HTTPRequest, receivingBodyIn destination: HTTPResponseDestination) async throws -> HTTPResponse {
            sent.withLock { $0.append(request) }
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/xml"], body: Data(answer.utf8))
        }

        var formBody: String {
            sent.withLock { requests in
                guard case .data(let data) = requests.last?.body else { return "" }
                return String(decoding: data, as: UTF8.self)
            }
        }
    }

    static func cloudFormation(_ transport: RecordingTransport) -> CloudFormation {
        CloudFormation(AWSSession(
            region: "eu-west-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "s")),
            transport: transport
        ))
    }

    @Test func continueUpdateRollbackSkipsTheNamedResources() async throws {
        let transport = RecordingTransport(answer: "<ContinueUpdateRollbackResponse><ContinueUpdateRollbackResult/></ContinueUpdateRollbackResponse>")
        var input = ContinueUpdateRollbackInput(stackName: "app", resourcesToSkip: ["Database", "Cache"])
        input.clientRequestToken = "token-1"
        try await Self.cloudFormation(transport).continueUpdateRollback(input)
        #expect(transport.formBody == "Action=ContinueUpdateRollback&Version=2010-05-15&StackName=app"
            + "&ResourcesToSkip.member.1=Database&ResourcesToSkip.member.2=Cache&ClientRequestToken=token-1")
        let request = try #require(transport.sent.withLock { $0.first })
        #expect(request.url.absoluteString == "https://cloudformation.eu-west-1.amazonaws.com/")
        #expect(request.method == "POST")
    }

    @Test func cancelUpdateStackNamesTheStackWithAToken() async throws {
        let transport = RecordingTransport(answer: "<CancelUpdateStackResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></CancelUpdateStackResponse>")
        try await Self.cloudFormation(transport).cancelUpdateStack(stackName: "app", clientRequestToken: "token-2")
        #expect(transport.formBody == "Action=CancelUpdateStack&Version=2010-05-15&StackName=app&ClientRequestToken=token-2")
        try await Self.cloudFormation(transport).cancelUpdateStack(stackName: "app")
        #expect(transport.formBody.hasPrefix("Action=CancelUpdateStack&Version=2010-05-15&StackName=app&ClientRequestToken="))
        #expect(!transport.formBody.hasSuffix("ClientRequestToken="))
    }

    @Test func terminationProtectionIsSwitchedByName() async throws {
        let transport = RecordingTransport(answer: """
            <UpdateTerminationProtectionResponse><UpdateTerminationProtectionResult><StackId>arn:stack</StackId>\
            </UpdateTerminationProtectionResult></UpdateTerminationProtectionResponse>
            """)
        try await Self.cloudFormation(transport).updateTerminationProtection(stackName: "app", enabled: true)
        #expect(transport.formBody == "Action=UpdateTerminationProtection&Version=2010-05-15&EnableTerminationProtection=true&StackName=app")
    }

    @Test func mutatingCallsGetAnIdempotencyTokenWhenNoneIsGiven() async throws {
        let transport = RecordingTransport(answer: "<DeleteStackResponse><DeleteStackResult/></DeleteStackResponse>")
        try await Self.cloudFormation(transport).deleteStack(DeleteStackInput(stackName: "app"))
        #expect(transport.formBody.contains("&ClientRequestToken="))
    }

    @Test func anUnreadableSuccessIsAnErrorNotACrash() async throws {
        let transport = RecordingTransport(answer: "<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>x</StackName></member></Stacks></DescribeStacksResult></DescribeStacksResponse>")
        let error = await #expect(throws: AWSError.self) { try await Self.cloudFormation(transport).describeStacks() }
        #expect(error?.code == "UnreadableResponse")
        #expect(error?.message == "the answer could not be read: StackId is missing in Stacks.[0]")
    }
}
