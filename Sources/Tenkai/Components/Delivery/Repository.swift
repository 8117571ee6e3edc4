import TenkaiCore

/// An ECR repository for a service's images.
///
/// Defaults: immutable tags (a tag always means the same image, so a release is reproducible);
/// scan on push; AES-256 encryption at rest; untagged images expire after 14 days and only the
/// newest ``keepImages`` are kept; retained on delete in production.
///
/// ```swift
/// let images = Repository("fileshare")
/// Service("web", in: net) { Container("app", image: .repository(images, tag: "1.4.0")) }
/// ```
public struct Repository: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Repository" }
    public var keepImages = 50
    public var immutableTags = true
    /// How its images are built (see ``ImageBuild``); `nil` when built elsewhere.
    public var build: ImageBuild?

    public init(_ name: String) { self.name = name }

    public var repositoryName: Reference { reference(.name) }
    public var arn: Reference { attribute("Arn", .arn) }
    public var uri: Reference { attribute("RepositoryUri", .url) }

    public func keeping(images count: Int) -> Repository { with { $0.keepImages = count } }
    public func mutableTags() -> Repository { with { $0.immutableTags = false } }

    public func translate(into stack: inout StackContext) {
        let rules: Value = [
            "rules": [
                [
                    "rulePriority": 1, "description": "expire untagged images",
                    "selection": ["tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14],
                    "action": ["type": "expire"],
                ],
                [
                    "rulePriority": 2, "description": "keep the newest images",
                    "selection": ["tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": .int(keepImages)],
                    "action": ["type": "expire"],
                ],
            ]
        ]
        let policy: DeletionPolicy = stack.environment.isProduction ? .retain : .delete
        stack.add(logicalID, Resource(type: "AWS::ECR::Repository", properties: [
            "RepositoryName": .string(stack.resourceName(name)),
            "ImageTagMutability": .string(immutableTags ? "IMMUTABLE" : "MUTABLE"),
            "ImageScanningConfiguration": ["ScanOnPush": true],
            "EncryptionConfiguration": ["EncryptionType": "AES256"],
            "LifecyclePolicy": ["LifecyclePolicyText": .string(String(decoding: JSONRenderer.renderCompact(rules), as: UTF8.self))],
        ], deletionPolicy: policy, updateReplacePolicy: policy))
    }
}
