import TenkaiCore

/// Which resource types take tags, and in which shape.
///
/// Most take a list of `{Key, Value}`; a few take a plain map. Types not listed get no
/// template tags (cfn-lint would reject a `Tags` property they do not have); they still
/// receive the stack's own tags, which CloudFormation copies to every resource that supports them.
public enum ResourceTags {
    public enum Shape: Sendable { case list, map }

    /// The tagging shape of a resource type, or nil when the type takes no `Tags` property.
    public static func shape(of type: String) -> Shape? {
        if mapTagged.contains(type) { return .map }
        if listTagged.contains(type) { return .list }
        return nil
    }

    /// The most tags CloudFormation puts on a stack, and most AWS resources accept.
    public static let maximumPerResource = 50

    /// How many template tags a resource carries.
    public static func count(of resource: Resource) -> Int {
        resource.properties["Tags"]?.listValue?.count ?? resource.properties["Tags"]?.fieldsValue?.count ?? 0
    }

    /// Adds `tags` to the resource, keeping any tag of the same key the component set itself.
    public static func apply(_ tags: [(String, String)], to resource: inout Resource) {
        guard let shape = shape(of: resource.type) else { return }
        switch shape {
        case .list:
            var list = resource.properties["Tags"]?.listValue ?? []
            let present = Set(list.compactMap { $0.fieldsValue?["Key"]?.stringValue })
            for (key, value) in tags where !present.contains(key) {
                list.append(["Key": .string(key), "Value": .string(value)])
            }
            resource.properties["Tags"] = .list(list)
        case .map:
            var map = resource.properties["Tags"]?.fieldsValue ?? Fields()
            for (key, value) in tags where map[key] == nil { map[key] = .string(value) }
            resource.properties["Tags"] = .map(map)
        }
    }

    private static let mapTagged: Set<String> = [
        "AWS::SSM::Parameter", "AWS::SecurityHub::Hub", "AWS::Serverless::Function", "AWS::Serverless::Api", "AWS::Batch::JobDefinition",
    ]

    /// Types with a `Tags` list property, per the CloudFormation resource specification.
    public static let listTagged: Set<String> = [
        "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Stage", "AWS::ApiGateway::ApiKey",
        "AWS::ApiGateway::UsagePlan", "AWS::CertificateManager::Certificate", "AWS::Chatbot::SlackChannelConfiguration",
        "AWS::CloudFront::Distribution", "AWS::CloudTrail::Trail", "AWS::CloudWatch::Alarm",
        "AWS::CodeBuild::Project", "AWS::CodeDeploy::Application", "AWS::CodeDeploy::DeploymentGroup",
        "AWS::CodePipeline::Pipeline", "AWS::DynamoDB::Table",
        "AWS::EC2::EIP", "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::NetworkAcl",
        "AWS::EC2::RouteTable", "AWS::EC2::SecurityGroup", "AWS::EC2::Subnet", "AWS::EC2::VPC",
        "AWS::EC2::FlowLog", "AWS::EC2::VPCEndpoint", "AWS::ECR::Repository", "AWS::ECS::Cluster",
        "AWS::ECS::Service", "AWS::ECS::TaskDefinition", "AWS::EFS::FileSystem",
        "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::TargetGroup",
        "AWS::Events::EventBus", "AWS::GuardDuty::Detector", "AWS::IAM::Role", "AWS::IAM::User",
        "AWS::KMS::Key", "AWS::Lambda::Function", "AWS::Logs::LogGroup", "AWS::RDS::DBCluster",
        "AWS::RDS::DBInstance", "AWS::RDS::DBParameterGroup", "AWS::RDS::DBSubnetGroup",
        "AWS::Route53::HealthCheck", "AWS::S3::Bucket", "AWS::SecretsManager::Secret",
        "AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::StepFunctions::StateMachine",
        "AWS::WAFv2::IPSet", "AWS::WAFv2::WebACL", "AWS::Amplify::App", "AWS::ElastiCache::ReplicationGroup",
        "AWS::CodeStarConnections::Connection", 
    ]
}
