import TenkaiCore

extension Rule {
    /// Data stores must be encrypted at rest.
    public static let encryptionAtRest = Rule(
        .encryptionAtRest, summary: "Data stores are encrypted at rest",
        hint: "use the component's defaults, or set the encryption property the message names"
    ) { subject in
        let properties = subject.properties
        func requireTrue(_ key: String) -> [String] {
            guard let value = properties[key], value.isIntrinsic || value.isTrue else {
                return ["\(subject.logicalID) (\(subject.resource.type)) is not encrypted at rest: \(key) is not true"]
            }
            return []
        }
        switch subject.resource.type {
        case "AWS::S3::Bucket":
            return properties["BucketEncryption"] == nil
                ? ["\(subject.logicalID) (AWS::S3::Bucket) has no BucketEncryption"] : []
        case "AWS::RDS::DBInstance":
            // Aurora instances inherit the cluster's encryption.
            return properties["DBClusterIdentifier"] == nil ? requireTrue("StorageEncrypted") : []
        case "AWS::RDS::DBCluster": return requireTrue("StorageEncrypted")
        case "AWS::EFS::FileSystem", "AWS::EC2::Volume": return requireTrue("Encrypted")
        case "AWS::ElastiCache::ReplicationGroup": return requireTrue("AtRestEncryptionEnabled")
        case "AWS::OpenSearchService::Domain":
            let enabled = subject.resource.properties["EncryptionAtRestOptions"]?[path: "Enabled"]
            return enabled.map { $0.isIntrinsic || $0.isTrue } == true
                ? [] : ["\(subject.logicalID) (AWS::OpenSearchService::Domain) has EncryptionAtRestOptions.Enabled off"]
        case "AWS::SQS::Queue":
            let disabled = properties["SqsManagedSseEnabled"] == .bool(false) && properties["KmsMasterKeyId"] == nil
            return disabled ? ["\(subject.logicalID) (AWS::SQS::Queue) turns SSE off and names no KMS key"] : []
        default:
            return []
        }
    }
}
