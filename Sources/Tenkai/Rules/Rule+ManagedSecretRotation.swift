import TenkaiCore

extension Rule {
    /// RDS rotates the master secret it manages (`ManageMasterUserPassword`, every 7 days by
    /// default) itself; a rotation schedule or rotation Lambda on that secret would change the
    /// password behind RDS's back and lock RDS out of its own rotation.
    public static let managedSecretRotation = Rule(
        .managedSecretRotation, summary: "RDS-managed master secrets are rotated by RDS alone",
        hint: "remove the rotation schedule; RDS rotates a ManageMasterUserPassword secret itself (MasterUserSecret sets the key, the schedule is RDS's)"
    ) { subject in
        guard subject.resource.type == "AWS::SecretsManager::RotationSchedule",
            let secret = subject.properties["SecretId"], secret.mentions("MasterUserSecret")
        else { return [] }
        return ["\(subject.logicalID) schedules rotation of an RDS-managed master secret"]
    }
}

extension Value {
    /// Whether any text in the value (a logical ID, an attribute, an export name) contains `fragment`.
    func mentions(_ fragment: String) -> Bool {
        switch self {
        case .string(let text): text.contains(fragment)
        case .int, .double, .bool: false
        case .list(let items): items.contains { $0.mentions(fragment) }
        case .map(let fields): fields.contains { $0.value.mentions(fragment) }
        case .function(_, let argument): argument.mentions(fragment)
        }
    }
}
