import Foundation
import TenkaiCore
import Testing
@testable import TenkaiDeploy

@Suite("Reviewing changes: stateful replacements and removals, security broadening")
struct ChangeReviewTests {
    func template(_ resources: [String: Resource]) -> Template {
        var template = Template()
        template.resources = resources
        return template
    }

    func json(_ template: Template) -> String { String(decoding: JSONRenderer.render(template.value), as: UTF8.self) }

    @Test func replacingADatabaseIsAStatefulReplacement() {
        let review = ChangeReview(newTemplate: template(["Db": Resource(type: "AWS::RDS::DBInstance")]), deployedTemplate: nil)
        let warnings = review.warnings(for: PlannedChange(action: "Modify", logicalResourceID: "Db", resourceType: "AWS::RDS::DBInstance", replacement: "True", details: [ChangeDetail(attribute: "Properties", name: "Engine", requiresRecreation: "Always")]))
        #expect(warnings.map(\.kind) == [.statefulReplacement])
        #expect(warnings[0].message.contains("because of Engine"))
        #expect(warnings[0].needsExplicitAllowance)
    }

    @Test func replacingAStatelessResourceIsOnlyNoted() {
        let review = ChangeReview(newTemplate: template([:]), deployedTemplate: nil)
        let warnings = review.warnings(for: PlannedChange(action: "Modify", logicalResourceID: "Fn", resourceType: "AWS::Lambda::Function", replacement: "Conditional"))
        #expect(warnings.map(\.kind) == [.replacement])
        #expect(!warnings[0].needsExplicitAllowance)
    }

    @Test func removingATableOrKeyIsAStatefulRemoval() {
        let review = ChangeReview(newTemplate: template([:]), deployedTemplate: nil)
        for type in ["AWS::DynamoDB::Table", "AWS::KMS::Key", "AWS::EFS::FileSystem", "AWS::S3::Bucket"] {
            #expect(review.warnings(for: PlannedChange(action: "Remove", logicalResourceID: "X", resourceType: type)).map(\.kind) == [.statefulRemoval])
        }
        #expect(review.warnings(for: PlannedChange(action: "Remove", logicalResourceID: "X", resourceType: "AWS::SNS::Topic")).isEmpty)
    }

    @Test func onlyPolicyStatementsTheDeployedTemplateLacksCountAsNewPermissions() {
        func policy(_ actions: [String]) -> Resource {
            Resource(type: "AWS::IAM::Policy", properties: [
                "PolicyDocument": ["Statement": .list(actions.map { ["Effect": "Allow", "Action": .string($0), "Resource": "*"] } + [["Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"]])],
            ])
        }
        let old = template(["Policy": policy(["s3:GetObject"])])
        let new = template(["Policy": policy(["s3:GetObject", "s3:PutObject"])])
        let warnings = ChangeReview(newTemplate: new, deployedTemplate: json(old))
            .warnings(for: PlannedChange(action: "Modify", logicalResourceID: "Policy", resourceType: "AWS::IAM::Policy", replacement: "False"))
        #expect(warnings.map(\.kind) == [.newPermissions])
        #expect(warnings[0].message.contains("s3:PutObject"))
        #expect(!warnings[0].message.contains("s3:GetObject"))
    }

    @Test func newSecurityGroupIngressIsCalledOut() {
        let group = Resource(type: "AWS::EC2::SecurityGroup", properties: [
            "SecurityGroupIngress": [["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"]],
        ])
        let warnings = ChangeReview(newTemplate: template(["Sg": group]), deployedTemplate: nil)
            .warnings(for: PlannedChange(action: "Add", logicalResourceID: "Sg", resourceType: "AWS::EC2::SecurityGroup"))
        #expect(warnings.map(\.kind) == [.newIngress])
        #expect(warnings[0].message.contains("0.0.0.0/0"))
    }

    @Test func aNewStackIsDiffedFromItsTemplateWithComponentPaths() {
        var bucket = Resource(type: "AWS::S3::Bucket")
        bucket.metadata["tenkai:path"] = "fileshare/data/files"
        let reviewed = ChangeReview(newTemplate: template(["FilesBucket": bucket]), deployedTemplate: nil).reviewNewStack()
        #expect(reviewed.map(\.change.action) == ["Add"])
        #expect(reviewed[0].componentPath == "fileshare/data/files")
    }
}
