/// Which resource types hold data, and which grant access: the changes `diff` shouts about.
public enum ResourceKinds {
    /// Types whose replacement or removal loses data: databases, buckets, tables, file systems,
    /// keys, and a few more stores.
    public static let stateful: Set<String> = [
        "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::RDS::GlobalCluster",
        "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster", "AWS::Redshift::Cluster",
        "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable",
        "AWS::S3::Bucket",
        "AWS::EFS::FileSystem", "AWS::FSx::FileSystem",
        "AWS::KMS::Key",
        "AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster",
        "AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain",
        "AWS::Kinesis::Stream", "AWS::Cognito::UserPool", "AWS::SecretsManager::Secret",
        "AWS::Backup::BackupVault",
    ]

    /// Types (with the properties) that grant permissions.
    public static let permissionProperties: [String: [String]] = [
        "AWS::IAM::Policy": ["PolicyDocument"],
        "AWS::IAM::ManagedPolicy": ["PolicyDocument"],
        "AWS::IAM::Role": ["Policies", "ManagedPolicyArns", "AssumeRolePolicyDocument"],
        "AWS::IAM::User": ["Policies", "ManagedPolicyArns"],
        "AWS::IAM::Group": ["Policies", "ManagedPolicyArns"],
        "AWS::S3::BucketPolicy": ["PolicyDocument"],
        "AWS::SQS::QueuePolicy": ["PolicyDocument"],
        "AWS::SNS::TopicPolicy": ["PolicyDocument"],
        "AWS::KMS::Key": ["KeyPolicy"],
        "AWS::Lambda::Permission": ["Principal", "Action", "SourceArn"],
    ]

    /// Types (with the properties) that open network access.
    public static let ingressProperties: [String: [String]] = [
        "AWS::EC2::SecurityGroup": ["SecurityGroupIngress"],
        "AWS::EC2::SecurityGroupIngress": ["CidrIp", "CidrIpv6", "FromPort", "ToPort", "IpProtocol", "SourceSecurityGroupId", "SourcePrefixListId"],
    ]
}
