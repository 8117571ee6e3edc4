import AWSClient
import Foundation
import Testing
import TestSupport

/// Drift detection, which moto 5 does not implement (no DetectStackDrift handler): checked against
/// the recording transport of ``UnemulatedOperationTests``, with answers shaped as the CloudFormation
/// API reference documents them.
@Suite("Drift detection calls (moto lacks them: recording transport)")
struct DriftOperationTests {
    typealias Recording = UnemulatedOperationTests.RecordingTransport

    @Test func detectStackDriftSendsTheStackAndResourcesAndReturnsTheDetectionID() async throws {
        let transport = Recording(answer: """
            <DetectStackDriftResponse><DetectStackDriftResult>\
            <StackDriftDetectionId>b78ac9b0-dec1-11e7-a451-503a3example</StackDriftDetectionId>\
            </DetectStackDriftResult></DetectStackDriftResponse>
            """)
        let id = try await UnemulatedOperationTests.cloudFormation(transport).detectStackDrift(stackName: "app", logicalResourceIds: ["Web", "Queue"])
        #expect(id == "b78ac9b0-dec1-11e7-a451-503a3example")
        #expect(transport.formBody == "Action=DetectStackDrift&Version=2010-05-15&StackName=app"
            + "&LogicalResourceIds.member.1=Web&LogicalResourceIds.member.2=Queue")
    }

    @Test func theDetectionStatusDecodesBothWhileRunningAndWhenComplete() async throws {
        let running = Recording(answer: """
            <DescribeStackDriftDetectionStatusResponse><DescribeStackDriftDetectionStatusResult>\
            <StackId>arn:aws:cloudformation:eu-west-1:012345678910:stack/app/1</StackId>\
            <StackDriftDetectionId>d-1</StackDriftDetectionId><DetectionStatus>DETECTION_IN_PROGRESS</DetectionStatus>\
            <Timestamp>2026-12-05T09:00:00.000Z</Timestamp>\
            </DescribeStackDriftDetectionStatusResult></DescribeStackDriftDetectionStatusResponse>
            """)
        let first = try await UnemulatedOperationTests.cloudFormation(running).describeStackDriftDetectionStatus("d-1")
        #expect(first.detectionStatus == "DETECTION_IN_PROGRESS")
        #expect(first.stackDriftStatus == nil)
        #expect(running.formBody == "Action=DescribeStackDriftDetectionStatus&Version=2010-05-15&StackDriftDetectionId=d-1")

        let complete = Recording(answer: """
            <DescribeStackDriftDetectionStatusResponse><DescribeStackDriftDetectionStatusResult>\
            <StackId>arn:aws:cloudformation:eu-west-1:012345678910:stack/app/1</StackId>\
            <StackDriftDetectionId>d-1</StackDriftDetectionId><StackDriftStatus>DRIFTED</StackDriftStatus>\
            <DetectionStatus>DETECTION_COMPLETE</DetectionStatus><DriftedStackResourceCount>2</DriftedStackResourceCount>\
            <Timestamp>2026-12-05T09:00:04.000Z</Timestamp>\
            </DescribeStackDriftDetectionStatusResult></DescribeStackDriftDetectionStatusResponse>
            """)
        let done = try await UnemulatedOperationTests.cloudFormation(complete).describeStackDriftDetectionStatus("d-1")
        #expect(done.stackDriftStatus == "DRIFTED")
        #expect(done.driftedStackResourceCount == 2)
    }

    @Test func resourceDriftsArePagedAndCarryTheirPropertyDifferences() async throws {
        let transport = Recording(answer: """
            <DescribeStackResourceDriftsResponse><DescribeStackResourceDriftsResult><StackResourceDrifts><member>\
            <StackId>arn:stack/app/1</StackId><LogicalResourceId>FilesBucket</LogicalResourceId>\
            <PhysicalResourceId>app-files</PhysicalResourceId><ResourceType>AWS::S3::Bucket</ResourceType>\
            <StackResourceDriftStatus>MODIFIED</StackResourceDriftStatus>\
            <ExpectedProperties>{"VersioningConfiguration":{"Status":"Enabled"}}</ExpectedProperties>\
            <ActualProperties>{"VersioningConfiguration":{"Status":"Suspended"}}</ActualProperties>\
            <PropertyDifferences><member><PropertyPath>/VersioningConfiguration/Status</PropertyPath>\
            <ExpectedValue>Enabled</ExpectedValue><ActualValue>Suspended</ActualValue><DifferenceType>NOT_EQUAL</DifferenceType>\
            </member></PropertyDifferences><Timestamp>2026-12-05T09:00:04.000Z</Timestamp></member></StackResourceDrifts>\
            </DescribeStackResourceDriftsResult></DescribeStackResourceDriftsResponse>
            """)
        let drifts = try await UnemulatedOperationTests.cloudFormation(transport)
            .describeStackResourceDriftsAllPages(stackName: "app", statuses: ["MODIFIED", "DELETED"])
        #expect(transport.formBody == "Action=DescribeStackResourceDrifts&Version=2010-05-15&StackName=app"
            + "&StackResourceDriftStatusFilters.member.1=MODIFIED&StackResourceDriftStatusFilters.member.2=DELETED")
        let drift = try #require(drifts.first)
        #expect(drifts.count == 1)
        #expect(drift.logicalResourceId == "FilesBucket")
        #expect(drift.stackResourceDriftStatus == "MODIFIED")
        let difference = try #require(drift.propertyDifferences?.first)
        #expect(drift.propertyDifferences?.count == 1)
        #expect(difference.propertyPath == "/VersioningConfiguration/Status")
        #expect(difference.expectedValue == "Enabled" && difference.actualValue == "Suspended")
        #expect(difference.differenceType == "NOT_EQUAL")
    }
}

@Suite("Drift inputs that moto has: GetTemplate with signature checks, and what moto says to drift detection")
struct DriftMotoTests {
    @Test func getTemplateReturnsTheDeployedTemplateVerbatim() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let cfn = CloudFormation(try MotoSessions.session(moto))
        let stackName = MotoSessions.uniqueName("drift")
        let template = CloudFormationMotoTests.template(bucket: MotoSessions.uniqueName("bucket"), exportName: MotoSessions.uniqueName("export"))
        try await cfn.createStack(CreateStackInput(stackName: stackName, templateBody: template))
        #expect(try await cfn.getTemplate(stackName: stackName) == template)
        try await cfn.deleteStack(DeleteStackInput(stackName: stackName))
    }

    /// The reason drift detection is tested with a recording transport: moto has no handler for it.
    @Test func motoDoesNotImplementDriftDetection() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let cfn = CloudFormation(try MotoSessions.session(moto))
        let error = await #expect(throws: AWSError.self) { try await cfn.detectStackDrift(stackName: "anything") }
        #expect(error?.status == 500)
        #expect(error?.message.contains("Internal Server Error") == true)
    }
}
