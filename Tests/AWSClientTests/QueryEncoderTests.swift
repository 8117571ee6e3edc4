import AWSClient
import Foundation
import Testing

@Suite("Query protocol encoding")
struct QueryEncoderTests {
    @Test func membersListsAndNestedStructsFlatten() throws {
        var input = CreateStackInput(stackName: "app", templateBody: "{}")
        input.parameters = [CloudFormationParameter(parameterKey: "Size", parameterValue: "2"), CloudFormationParameter(parameterKey: "Old", usePreviousValue: true)]
        input.capabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]
        input.enableTerminationProtection = true
        input.clientRequestToken = "t-1"
        let parameters = try QueryEncoder().encode(input)
        #expect(parameters.map { "\($0.0)=\($0.1)" } == [
            "StackName=app", "TemplateBody={}",
            "Parameters.member.1.ParameterKey=Size", "Parameters.member.1.ParameterValue=2",
            "Parameters.member.2.ParameterKey=Old", "Parameters.member.2.UsePreviousValue=true",
            "Capabilities.member.1=CAPABILITY_IAM", "Capabilities.member.2=CAPABILITY_NAMED_IAM",
            "EnableTerminationProtection=true", "ClientRequestToken=t-1",
        ])
    }

    @Test func formBodiesEscapeLikeBotocore() {
        #expect(QueryEncoder.formBody([("Action", "CreateStack"), ("TemplateBody", #"{"a": "b~c/d"}"#)])
            == "Action=CreateStack&TemplateBody=%7B%22a%22%3A+%22b~c%2Fd%22%7D")
        #expect(QueryEncoder.formBody([("K", "é+&=")]) == "K=%C3%A9%2B%26%3D")
    }
}
