import TenkaiCore

/// A customer-managed KMS key with yearly automatic rotation.
///
/// Defaults: the account administers the key through IAM (the standard key policy); services
/// named in ``usableBy`` may use it through their service integration in this account; rotation
/// on; retained on delete (a deleted key makes everything it encrypted unreadable), with an alias
/// `alias/<system>-<env>-<name>`.
///
/// ```swift
/// let key = EncryptionKey("data").usable(by: "logs.amazonaws.com")
/// Bucket("files").encrypted(with: key)
/// ```
public struct EncryptionKey: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Key" }
    public var servicePrincipals: [String] = []

    public init(_ name: String) { self.name = name }

    public var keyID: Reference { reference(.id) }
    public var arn: Reference { attribute("Arn", .arn) }

    /// Lets an AWS service principal encrypt and decrypt with the key on the account's behalf.
    public func usable(by service: String) -> EncryptionKey { with { $0.servicePrincipals.append(service) } }

    public func translate(into stack: inout StackContext) {
        var statements: [Value] = [
            [
                "Sid": "AccountAdministersKeyThroughIAM", "Effect": "Allow",
                "Principal": ["AWS": .sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")],
                "Action": "kms:*", "Resource": "*",
            ]
        ]
        for service in servicePrincipals {
            statements.append([
                "Sid": .string("Allow\(LogicalID.pascalCase(service.split(separator: ".").first.map(String.init) ?? service))"),
                "Effect": "Allow", "Principal": ["Service": .string(service)],
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": ["StringEquals": ["aws:SourceAccount": .accountID]],
            ])
        }
        stack.add(logicalID, Resource(type: "AWS::KMS::Key", properties: [
            "Description": .string("\(stack.resourceName(name)); managed by Tenkai"),
            "EnableKeyRotation": true,
            "KeyPolicy": IAMPolicy.document(statements),
        ], deletionPolicy: .retain, updateReplacePolicy: .retain))
        stack.argue(logicalID, [ScannerReasons.keyPolicyAdministration])
        stack.add(part("Alias"), Resource(type: "AWS::KMS::Alias", properties: [
            "AliasName": .string("alias/\(stack.resourceName(name))"), "TargetKeyId": resourceID.ref,
        ]))
    }
}
