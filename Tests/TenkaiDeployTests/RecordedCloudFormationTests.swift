import AWSClient
import Foundation
import Synchronization
import Testing
@testable import TenkaiDeploy

/// The engine over the real client, fed CloudFormation's query-API answers in the shapes AWS
/// documents: what moto cannot show (an update that fails and rolls back, throttling while
/// following) checked end to end through XML decoding and the adapter.
@Suite("Recorded CloudFormation answers through the real client")
struct RecordedCloudFormationTests {
    /// Answers each `Action` with the next recorded response (the last one repeats); records the requests.
    final class RecordedTransport: HTTPTransport {
        private let answers: Mutex<[String: [HTTPResponse]]>
        private let sent = Mutex<[String]>([])

        init(_ answers: [String: [(Int, String)]]) {
            self.answers = Mutex(answers.mapValues { $0.map { HTTPResponse(status: $0.0, headers: ["Content-Type": "text/xml"], body: Data($0.1.utf8)) } })
        }

        var requests: [String] { sent.withLock { $0 } }

        func send(_ request: HTTPRequest, receivingBodyIn destination: HTTPResponseDestination) async throws -> HTTPResponse {
            guard case .data(let data) = request.body else { throw CancellationError() }
            let form = String(decoding: data, as: UTF8.self)
            sent.withLock { $0.append(form) }
            let action = form.split(separator: "&").first { $0.hasPrefix("Action=") }.map { String($0.dropFirst(7)) } ?? "?"
            return answers.withLock { answers in
                guard var queue = answers[action], !queue.isEmpty else {
                    return HTTPResponse(status: 400, body: Data(Self.error("ValidationError", "no recorded answer for \(action)").utf8))
                }
                let answer = queue.count > 1 ? queue.removeFirst() : queue[0]
                answers[action] = queue
                return answer
            }
        }

        static func error(_ code: String, _ message: String) -> String {
            "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error><RequestId>e1</RequestId></ErrorResponse>"
        }
    }

    static let stackID = "arn:aws:cloudformation:ap-northeast-1:123456789012:stack/test-dev-data/6b3d0f40-0000-11ef-0000-000000000000"
    static let changeSetID = "arn:aws:cloudformation:ap-northeast-1:123456789012:changeSet/tenkai-changes-data-test/1c1e8f2a-0000-4000-8000-000000000000"

    static func response(_ action: String, _ result: String) -> (Int, String) {
        (200, """
            <\(action)Response xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <\(action)Result>\(result)</\(action)Result>
              <ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata>
            </\(action)Response>
            """)
    }

    static func stack(_ status: String, reason: String? = nil) -> (Int, String) {
        response("DescribeStacks", """
            <Stacks><member>
              <StackName>test-dev-data</StackName><StackId>\(stackID)</StackId>
              <CreationTime>2026-01-01T00:00:00.000Z</CreationTime><LastUpdatedTime>2026-01-02T00:00:00.000Z</LastUpdatedTime>
              <StackStatus>\(status)</StackStatus>\(reason.map { "<StackStatusReason>\($0)</StackStatusReason>" } ?? "")
              <DisableRollback>false</DisableRollback><EnableTerminationProtection>false</EnableTerminationProtection>
              <Parameters/><Outputs/><Capabilities><member>CAPABILITY_IAM</member></Capabilities>
              <Tags><member><Key>tenkai:stack</Key><Value>data</Value></member></Tags>
            </member></Stacks>
            """)
    }

    static func event(_ id: String, _ logicalID: String, _ type: String, _ status: String, _ reason: String? = nil, second: Int) -> String {
        """
        <member><EventId>\(id)</EventId><StackId>\(stackID)</StackId><StackName>test-dev-data</StackName>
          <LogicalResourceId>\(logicalID)</LogicalResourceId><PhysicalResourceId>\(logicalID == "test-dev-data" ? stackID : "files-1")</PhysicalResourceId>
          <ResourceType>\(type)</ResourceType><Timestamp>2026-01-02T00:01:\(String(format: "%02d", second)).000Z</Timestamp>
          <ResourceStatus>\(status)</ResourceStatus>\(reason.map { "<ResourceStatusReason>\($0)</ResourceStatusReason>" } ?? "")
        </member>
        """
    }

    static func events(_ members: [String]) -> (Int, String) {
        response("DescribeStackEvents", "<StackEvents>\(members.joined())</StackEvents>")
    }

    @Test func anUpdateThatFailsAndRollsBackWhileThrottledIsReportedByItsCause() async throws {
        let e0 = Self.event("e0", "test-dev-data", "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", second: 0)
        let e1 = Self.event("e1", "test-dev-data", "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated", second: 1)
        let e2 = Self.event("e2", "FilesBucket", "AWS::S3::Bucket", "UPDATE_FAILED", "Access Denied (Service: S3, Status Code: 403)", second: 2)
        let e3 = Self.event("e3", "FilesBucket", "AWS::S3::Bucket", "UPDATE_COMPLETE", second: 3)
        let old = String(decoding: Fixtures.target(version: 1).templateBody, as: UTF8.self)
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let transport = RecordedTransport([
            "DescribeStacks": [Self.stack("UPDATE_COMPLETE"), Self.stack("UPDATE_COMPLETE"), Self.stack("UPDATE_IN_PROGRESS"),
                               Self.stack("UPDATE_ROLLBACK_IN_PROGRESS", reason: "The following resource(s) failed to update: [FilesBucket]."),
                               Self.stack("UPDATE_ROLLBACK_COMPLETE")],
            "GetTemplate": [Self.response("GetTemplate", "<TemplateBody>\(old)</TemplateBody>")],
            "CreateChangeSet": [Self.response("CreateChangeSet", "<Id>\(Self.changeSetID)</Id><StackId>\(Self.stackID)</StackId>")],
            "DescribeChangeSet": [Self.response("DescribeChangeSet", """
                <ChangeSetName>tenkai-changes-data-test</ChangeSetName><ChangeSetId>\(Self.changeSetID)</ChangeSetId>
                <StackId>\(Self.stackID)</StackId><StackName>test-dev-data</StackName>
                <Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus>
                <CreationTime>2026-01-02T00:00:30.000Z</CreationTime><Parameters/><Capabilities/><Tags/>
                <Changes><member><Type>Resource</Type><ResourceChange>
                  <Action>Modify</Action><LogicalResourceId>FilesBucket</LogicalResourceId><PhysicalResourceId>files-1</PhysicalResourceId>
                  <ResourceType>AWS::S3::Bucket</ResourceType><Replacement>False</Replacement><Scope><member>Properties</member></Scope>
                  <Details><member><Target><Attribute>Properties</Attribute><Name>Tags</Name><RequiresRecreation>Never</RequiresRecreation></Target>
                    <Evaluation>Static</Evaluation><ChangeSource>DirectModification</ChangeSource></member></Details>
                </ResourceChange></member></Changes>
                """)],
            "ExecuteChangeSet": [Self.response("ExecuteChangeSet", "")],
            "DescribeStackEvents": [Self.events([e0]), Self.events([e2, e1, e0]),
                                    (400, RecordedTransport.error("Throttling", "Rate exceeded")), Self.events([e3, e2, e1, e0])],
        ])
        let session = AWSSession(
            region: "ap-northeast-1", credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:9"]), transport: transport,
            retryPolicy: RetryPolicy(maximumAttempts: 1))
        let events = RecordingReporter()
        let deployer = StackDeployer(api: CloudFormationClientAdapter(CloudFormation(session)), artifacts: nil, reporter: events, options: Fixtures.options())

        let error = await #expect(throws: DeployError.self) { try await deployer.deploy(Fixtures.target(version: 2), parameters: [:]) }
        #expect(error?.code == .stackFailed)
        #expect(error?.message.contains("FilesBucket (test/data/filesbucket) UPDATE_FAILED: Access Denied (Service: S3, Status Code: 403)") == true)
        #expect(error?.message.contains("ended in UPDATE_ROLLBACK_COMPLETE") == true)
        #expect(events.events.contains { $0.kind == .notice && $0.message?.contains("throttling") == true })
        #expect(events.events.filter { $0.kind == .resource }.map { $0.status ?? "" } == ["UPDATE_FAILED", "UPDATE_COMPLETE"])
        #expect(events.events.first { $0.kind == .changeSet }?.changes == 1)

        let create = try #require(transport.requests.first { $0.contains("Action=CreateChangeSet") })
        #expect(create.contains("ChangeSetType=UPDATE"))
        #expect(create.contains("ClientToken=tenkai-create-data-test"))
        let execute = try #require(transport.requests.first { $0.contains("Action=ExecuteChangeSet") })
        #expect(execute.contains("ClientRequestToken=tenkai-execute-data-test"))
        #expect(execute.contains("ChangeSetName=arn%3Aaws%3Acloudformation"), "executes the reviewed change set by ARN")
    }
}
