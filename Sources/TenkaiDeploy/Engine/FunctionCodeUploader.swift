import AWSClient
import FoundationEssentials
import TenkaiCore

/// Uploads the function code a stack's template names (`Function` with `.folder` code) to the
/// bootstrap bucket before the stack deploys: each package under `assets/<sha256>.zip`, only
/// when absent, and only when the folder still zips to the key synth wrote (else the template
/// would point at code that is not what is in the repository now).
///
/// ```swift
/// let uploaded = try await FunctionCodeUploader(S3(session)).upload(target, root: repository)
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

    /// Uploads what `target` needs and is missing; returns the keys it uploaded.
    @discardableResult
    public func upload(_ target: DeployTarget, root: URL) async throws -> [String] {
        let references = Self.references(in: target.template)
        guard !references.isEmpty else { return [] }
        let account = try await identity().account
        let bucket = BootstrapStack.bucketName(account: account, region: target.region)
        var uploaded: [String] = []
        for reference in references {
            if try await s3.headObject(bucket: bucket, key: reference.key) != nil { continue }
            let asset: CodeAsset
            do {
                asset = try CodeAsset(folder: reference.folder, root: root)
            } catch {
                throw DeployError(.invalidPlan, "cannot package \(reference.folder): \(error.message)", stackName: target.stackName, hint: error.hint)
            }
            guard asset.key == reference.key else {
                throw DeployError(
                    .invalidPlan, "\(reference.folder) changed since synth: it now zips to \(asset.key), the template names \(reference.key)",
                    stackName: target.stackName, hint: "run tenkai synth again, then deploy")
            }
            _ = try await s3.putObject(bucket: bucket, key: asset.key, body: .data(Data(asset.zip)), contentType: "application/zip")
            uploaded.append(asset.key)
        }
        return uploaded
    }
}
