import AWSClient
import FoundationEssentials
import Hashing
import TenkaiCore

/// Uploads the function code a stack's template names to the bootstrap bucket before the stack
/// deploys: each package from the cloud assembly (never from the source folders, which a CI
/// deployer does not have), under `assets/<sha256>.zip`, only when absent.
///
/// ```swift
/// let uploaded = try await FunctionCodeUploader(S3(session)).upload(DeployTarget(assembly.stacks[0]))
/// ```
public struct FunctionCodeUploader: Sendable {
    /// One package a template refers to.
    public struct Reference: Sendable, Equatable {
        public var folder: String
        public var key: String

        public init(folder: String, key: String) {
            self.folder = folder
            self.key = key
        }
    }

    public let s3: S3
    /// Who the credentials belong to: the bootstrap bucket's name holds the account.
    let identity: @Sendable () async throws -> CallerIdentity

    /// `identity`: where the account comes from; by default STS is asked.
    public init(_ s3: S3, identity: (@Sendable () async throws -> CallerIdentity)? = nil) {
        self.s3 = s3
        self.identity = identity ?? { try await STS(s3.session).getCallerIdentity() }
    }

    /// The packages in `template`, from the Lambda resources' `tenkai:asset` metadata, by key.
    public static func references(in template: Template) -> [Reference] {
        var byKey: [String: Reference] = [:]
        for resource in template.resources.values {
            guard let entry = resource.metadata[CodeAsset.metadataKey]?.fieldsValue,
                  let folder = entry["Folder"]?.stringValue, let key = entry["Key"]?.stringValue
            else { continue }
            byKey[key] = Reference(folder: folder, key: key)
        }
        return byKey.keys.sorted().map { byKey[$0]! }
    }

    /// Every package `target`'s template names, from `target.assets`; a missing one, or one whose
    /// bytes are not the hash its key names, is refused before anything is uploaded.
    public static func staged(for target: DeployTarget) throws(DeployError) -> [StagedAsset] {
        try references(in: target.template).map { (reference) throws(DeployError) -> StagedAsset in
            guard let asset = target.assets.first(where: { $0.bucketKey == reference.key }) else {
                throw DeployError(
                    .invalidPlan, "the template names the code package \(reference.key) (from \(reference.folder)), which the assembly does not hold",
                    stackName: target.stackName, hint: "synthesize the assembly again with this tenkai (`tenkai synth`)")
            }
            guard SHA256.hex(asset.contents) == asset.sha256, asset.bucketKey == "assets/\(asset.sha256).zip" else {
                throw DeployError(
                    .invalidPlan, "the code package \(reference.key) is not the bytes its name promises",
                    stackName: target.stackName, hint: "synthesize the assembly again; never edit an assembly by hand")
            }
            return asset
        }
    }

    /// Uploads what `target` needs and the bucket lacks; returns the keys it uploaded.
    @discardableResult
    public func upload(_ target: DeployTarget) async throws -> [String] {
        let assets = try Self.staged(for: target)
        guard !assets.isEmpty else { return [] }
        let account = try await identity().account
        let bucket = BootstrapStack.bucketName(account: account, region: target.region)
        var uploaded: [String] = []
        for asset in assets {
            if try await s3.headObject(bucket: bucket, key: asset.bucketKey) != nil { continue }
            _ = try await s3.putObject(bucket: bucket, key: asset.bucketKey, body: .data(Data(asset.contents)), contentType: "application/zip")
            uploaded.append(asset.bucketKey)
        }
        return uploaded
    }
}
