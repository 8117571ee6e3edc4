import AWSClient
import Foundation
import Testing
import TestSupport

@Suite("CloudFormation against moto with signature checks")
struct CloudFormationMotoTests {
    static func template(bucket: String, exportName: String) -> String {
        """
        {"AWSTemplateFormatVersion": "2010-09-09", "Description": "files bucket",
         "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
         "Resources": {"Files": {"Type": "AWS::S3::Bucket",
            "Properties": {"BucketName": "\(bucket)", "Tags": [{"Key": "env", "Value": {"Ref": "Env"}}]}}},
         "Outputs": {"BucketName": {"Value": {"Ref": "Files"}, "Export": {"Name": "\(exportName)"}}}}
        """
    }

    @Test func stackLifecycleWithAnUpdateChangeSet() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let cfn = CloudFormation(try MotoSessions.session(moto))
        let stackName = MotoSessions.uniqueName("stack")
        let bucket = MotoSessions.uniqueName("bucket")
        let exportName = MotoSessions.uniqueName("export")
        let template = Self.template(bucket: bucket, exportName: exportName)
        #expect(try await cfn.describeStack(stackName) == nil)

        var create = CreateStackInput(stackName: stackName, templateBody: template)
        create.parameters = [CloudFormationParameter(parameterKey: "Env", parameterValue: "stg")]
        create.tags = [CloudFormationTag(key: "system", value: "tenkai")]
        let stackID = try await cfn.createStack(create)
        let stack = try #require(try await cfn.describeStack(stackName))
        #expect(stack.stackId == stackID)
        #expect(stack.stackStatus == .createComplete)
        #expect(stack.parameters == [CloudFormationParameter(parameterKey: "Env", parameterValue: "stg")])
        #expect(stack.outputs.first { $0.outputKey == "BucketName" }?.outputValue == bucket)
        #expect(stack.tags == [CloudFormationTag(key: "system", value: "tenkai")])
        #expect(try await cfn.listExports().contains { $0.name == exportName && $0.value == bucket })

        let resources = try await cfn.describeStackResources(stackName: stackName)
        #expect(resources.map(\.resourceType) == ["AWS::S3::Bucket"])
        #expect(resources.first?.physicalResourceId == bucket)
        let events = try await cfn.describeStackEvents(stackName: stackName) { _ in true }
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.stackName == stackName })
        #expect(try await cfn.getTemplate(stackName: stackName).contains(bucket))
        try await cfn.setStackPolicy(stackName: stackName, policyBody: #"{"Statement":[]}"#)

        var change = CreateChangeSetInput(
            stackName: stackName, changeSetName: "to-prod", changeSetType: .update,
            templateBody: Self.template(bucket: bucket + "-v2", exportName: exportName)
        )
        change.parameters = [CloudFormationParameter(parameterKey: "Env", parameterValue: "prod")]
        let created = try await cfn.createChangeSet(change)
        let described = try await cfn.describeChangeSetAllPages(
            DescribeChangeSetInput(changeSetName: created.id, includePropertyValues: true)
        )
        #expect(described.stackName == stackName)
        #expect(described.status == .createComplete)
        #expect(described.changes.map(\.resourceChange?.logicalResourceId) == ["Files"])
        #expect(described.changes.first?.resourceChange?.action == "Modify")
        #expect(try await cfn.listChangeSets(stackName: stackName).contains { $0.changeSetId == created.id })

        try await cfn.executeChangeSet(ExecuteChangeSetInput(changeSetName: created.id))
        let updated = try #require(try await cfn.describeStack(stackName))
        #expect(updated.stackStatus == .updateComplete)
        #expect(updated.parameters.first?.parameterValue == "prod")

        let discarded = try await cfn.createChangeSet(CreateChangeSetInput(
            stackName: stackName, changeSetName: "discarded", changeSetType: .update, templateBody: template
        ))
        try await cfn.deleteChangeSet(changeSetName: discarded.id)
        #expect(try await cfn.listChangeSets(stackName: stackName).contains { $0.changeSetId == discarded.id } == false)

        var direct = UpdateStackInput(stackName: stackName, templateBody: template)
        direct.parameters = [CloudFormationParameter(parameterKey: "Env", parameterValue: "dev")]
        try await cfn.updateStack(direct)
        #expect(try await cfn.describeStack(stackName)?.parameters.first?.parameterValue == "dev")

        try await cfn.deleteStack(DeleteStackInput(stackName: stackName))
        let remaining = try await cfn.describeStacks().stacks.filter { $0.stackName == stackName }
        #expect(remaining.allSatisfy { $0.stackStatus == .deleteComplete })
    }

    @Test func aCreateChangeSetMakesTheStackWhenExecuted() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let cfn = CloudFormation(try MotoSessions.session(moto))
        let stackName = MotoSessions.uniqueName("stack")
        let template = Self.template(bucket: MotoSessions.uniqueName("bucket"), exportName: MotoSessions.uniqueName("export"))
        let created = try await cfn.createChangeSet(CreateChangeSetInput(
            stackName: stackName, changeSetName: "first", changeSetType: .create, templateBody: template
        ))
        #expect(created.id.hasPrefix("arn:aws:cloudformation:us-east-1:"))
        let described = try await cfn.describeChangeSet(DescribeChangeSetInput(changeSetName: created.id))
        #expect(described.changes.first?.resourceChange?.action == "Add")
        try await cfn.executeChangeSet(ExecuteChangeSetInput(changeSetName: created.id))
        #expect(try await cfn.describeStack(stackName)?.stackStatus == .createComplete)
    }

    @Test func validateTemplateReadsTheDescription() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let cfn = CloudFormation(try MotoSessions.session(moto))
        let validation = try await cfn.validateTemplate(body: Self.template(bucket: "b-valid", exportName: "e"))
        #expect(validation.description == "files bucket")
    }

    /// moto has no UpdateTerminationProtection and answers with an HTML 500 page: the error must
    /// still say which call failed and show the page's text.
    @Test func anHTMLErrorPageStillGivesAClearError() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let cfn = CloudFormation(try MotoSessions.session(moto))
        let error = await #expect(throws: AWSError.self) {
            try await cfn.updateTerminationProtection(stackName: "any", enabled: true)
        }
        #expect(error?.operation == "UpdateTerminationProtection")
        #expect(error?.status == 500)
        #expect(error?.code == "500")
        #expect(error?.message.contains("Internal Server Error") == true)
    }

    @Test func aFailedCallCarriesServiceOperationAndCode() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let cfn = CloudFormation(try MotoSessions.session(moto))
        let error = await #expect(throws: AWSError.self) {
            try await cfn.describeStacks(stackName: "no-such-stack")
        }
        #expect(error?.service == "CloudFormation")
        #expect(error?.operation == "DescribeStacks")
        #expect(error?.status == 400)
        #expect(error?.code == "ValidationError")
        #expect(error?.message.contains("does not exist") == true)
        #expect(error?.requestID?.isEmpty == false)
    }

    @Test func aWrongSecretIsRejectedWithSignatureDoesNotMatch() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let cfn = CloudFormation(try MotoSessions.session(moto, secret: "not-the-secret"))
        let error = await #expect(throws: AWSError.self) { try await cfn.describeStacks() }
        #expect(error?.code == "SignatureDoesNotMatch")
    }
}
