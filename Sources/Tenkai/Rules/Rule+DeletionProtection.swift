import TenkaiCore

extension Rule {
    /// In production, removing a stateful resource from a stack never destroys its data.
    public static let deletionProtection = Rule(
        .deletionProtection, summary: "Stateful resources are protected from deletion in production",
        hint: "keep the component's production defaults (retain, snapshot, deletion protection)"
    ) { subject in
        guard subject.isProduction else { return [] }
        let resource = subject.resource
        let keeps: Set<DeletionPolicy> = [.retain, .retainExceptOnCreate]
        var problems: [String] = []
        func requirePolicy(_ allowed: Set<DeletionPolicy>) {
            if resource.deletionPolicy.map(allowed.contains) != true {
                let names = allowed.map(\.rawValue).sorted().joined(separator: " or ")
                problems.append("\(subject.logicalID) (\(resource.type)) needs DeletionPolicy \(names) in production")
            }
        }
        func requireFlag(_ key: String) {
            if let value = resource.properties[key], value.isTrue || value.isIntrinsic { return }
            problems.append("\(subject.logicalID) (\(resource.type)) needs \(key) true in production")
        }
        switch resource.type {
        case "AWS::RDS::DBInstance" where resource.properties["DBClusterIdentifier"] == nil,
            "AWS::RDS::DBCluster":
            requireFlag("DeletionProtection")
            requirePolicy(keeps.union([.snapshot]))
        case "AWS::DynamoDB::Table":
            requireFlag("DeletionProtectionEnabled")
            requirePolicy(keeps)
        case "AWS::S3::Bucket", "AWS::EFS::FileSystem", "AWS::KMS::Key", "AWS::SecretsManager::Secret":
            requirePolicy(keeps)
        case "AWS::Logs::LogGroup":
            // Logs are the record of what happened; a replacement (a renamed group) must not
            // delete the old one either.
            requirePolicy(keeps)
            if resource.updateReplacePolicy.map(keeps.contains) != true {
                problems.append("\(subject.logicalID) (\(resource.type)) needs UpdateReplacePolicy Retain in production")
            }
        default:
            break
        }
        return problems
    }
}
