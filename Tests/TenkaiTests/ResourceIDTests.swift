import Tenkai
import TenkaiCore
import Testing

/// A component names each of its resources once, as a `ResourceID`, and makes the references
/// to it from the same value: every reference a component hands out names a resource it
/// really declares, of the type the reference promises.
@Suite struct ResourceIDTests {
    typealias F = ComputeFixtures

    @Test func aPartIsNamedAfterItsComponentAndRefersToItself() {
        let role = F.function().part("Role")
        #expect(role.logicalID == "WorkerFunctionRole" && role.component == "worker")
        #expect(role.ref == .ref("WorkerFunctionRole"))
        #expect(role.arn == .getAtt("WorkerFunctionRole", "Arn"))
        #expect(role.getAtt("RoleId") == .getAtt("WorkerFunctionRole", "RoleId"))
        #expect(role.reference(.name) == Reference("WorkerFunctionRole", kind: .name, component: "worker"))
        #expect(role.attribute("Arn", .arn) == Reference("WorkerFunctionRole", attribute: "Arn", kind: .arn, component: "worker"))
        #expect(role.part("Policy").logicalID == "WorkerFunctionRolePolicy")
        #expect(F.function().resourceID.logicalID == F.function().logicalID)
    }

    @Test func aResourceAddedUnderAnIDIsFoundUnderIt() throws {
        struct Pair: Component {
            let name: String
            var kind: String { "Pair" }
            var partner: ResourceID { part("Partner") }
            func translate(into stack: inout StackContext) {
                stack.add(partner, Resource(type: "AWS::SQS::Queue", properties: ["SqsManagedSseEnabled": true]))
                stack.add(resourceID, Resource(type: "AWS::SQS::Queue", properties: [
                    "SqsManagedSseEnabled": true, "RedrivePolicy": ["deadLetterTargetArn": partner.arn, "maxReceiveCount": 3],
                ]))
            }
        }
        let pair = Pair(name: "jobs")
        let resources = try Fixtures.resolve(F.system([pair])).stacks[0].template.resources
        #expect(resources["JobsPairPartner"] != nil)
        #expect(resources["JobsPair"]?.properties["RedrivePolicy"]?[path: "deadLetterTargetArn"] == .getAtt("JobsPairPartner", "Arn"))
    }

    /// Each reference and the type of resource its logical ID must name in the template.
    @Test func everyReferenceOfTheComputeAndNetworkComponentsNamesADeclaredResource() throws {
        let service = Service("web", in: F.net) { F.container() }
        let zone = DNS("main", domain: "example.com")
        let certificate = Certificate("origin", domain: "origin.example.com", in: zone)
        let balancer = LoadBalancer("web", fronting: service, in: F.net, certificate: certificate.arn)
        let servers = AppServers("web", in: F.net, behind: balancer, running: service.containers[0])
        let db = Database("main", engine: .postgres("16.9"), in: F.net)
        let users = UserPool("users")
        let references: [(Reference, String)] = [
            (service.cluster, "AWS::ECS::Cluster"), (service.securityGroupID, "AWS::EC2::SecurityGroup"),
            (service.taskRole, "AWS::IAM::Role"), (service.serviceName, "AWS::ECS::Service"),
            (balancer.securityGroupID, "AWS::EC2::SecurityGroup"), (balancer.httpsListener, "AWS::ElasticLoadBalancingV2::Listener"),
            (balancer.blueTargetGroup, "AWS::ElasticLoadBalancingV2::TargetGroup"),
            (balancer.greenTargetGroup, "AWS::ElasticLoadBalancingV2::TargetGroup"),
            (balancer.blueTargetGroupFullName, "AWS::ElasticLoadBalancingV2::TargetGroup"),
            (servers.securityGroupID, "AWS::EC2::SecurityGroup"), (servers.role, "AWS::IAM::Role"),
            (servers.blueTargetGroup, "AWS::ElasticLoadBalancingV2::TargetGroup"),
            (servers.greenTargetGroup, "AWS::ElasticLoadBalancingV2::TargetGroup"),
            (servers.groupName("Blue"), "AWS::AutoScaling::AutoScalingGroup"),
            (servers.groupName("Green"), "AWS::AutoScaling::AutoScalingGroup"),
            (servers.targetGroupFullName("Green"), "AWS::ElasticLoadBalancingV2::TargetGroup"),
            (db.securityGroupID, "AWS::EC2::SecurityGroup"), (users.clientIdentifier, "AWS::Cognito::UserPoolClient"),
            (F.function().arn, "AWS::Lambda::Function"),
        ]
        let system = System("shop") { _ in
            Stack("app") {
                F.net
                F.images
                zone
                certificate
                service
                balancer
                servers
                db
                users
                F.function()
            }
        }
        let resources = try Fixtures.resolve(system).stacks[0].template.resources
        for (reference, type) in references {
            #expect(resources[reference.logicalID]?.type == type, "\(reference) names no \(type)")
        }
    }

    @Test func aFunctionsRoleAndLogGroupAreTheOnesItUses() throws {
        let resources = try Fixtures.resolve(F.system([F.function()])).stacks[0].template.resources
        let function = try #require(resources["WorkerFunction"])
        let role = F.function().part("Role")
        let logGroup = F.function().part("LogGroup")
        #expect(function.properties["Role"] == role.arn && resources[role.logicalID]?.type == "AWS::IAM::Role")
        #expect(function.properties["LoggingConfig"]?[path: "LogGroup"] == logGroup.ref)
        #expect(resources[logGroup.logicalID]?.type == "AWS::Logs::LogGroup")
    }
}
