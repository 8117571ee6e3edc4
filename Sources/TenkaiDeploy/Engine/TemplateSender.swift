/// Decides how a template reaches CloudFormation: inline up to 51,200 bytes, through the
/// bootstrap stack's artifacts bucket above that.
struct TemplateSender: Sendable {
    let api: any CloudFormationAPI
    let artifacts: (any ArtifactStore)?

    /// CloudFormation's limit for `TemplateBody`.
    static let maximumInlineBytes = 51_200

    func source(for target: DeployTarget) async throws -> (body: String?, url: String?) {
        guard target.templateBody.count > Self.maximumInlineBytes else {
            return (String(decoding: target.templateBody, as: UTF8.self), nil)
        }
        let bootstrap = try await api.describeStack(named: BootstrapStack.stackName)
        var bucket = bootstrap?.outputs[BootstrapStack.bucketOutput]
        if bucket == nil, bootstrap?.status.isSuccess == true || bootstrap?.status.rawValue == "UPDATE_ROLLBACK_COMPLETE" {
            bucket = try await artifacts?.bootstrapBucketName()
        }
        guard let artifacts, let bucket else {
            throw DeployError(
                .missingBootstrap,
                "the template is \(target.templateBody.count) bytes, over CloudFormation's inline limit of \(Self.maximumInlineBytes), and there is no artifacts bucket in \(api.region)",
                stackName: target.stackName, hint: "run `tenkai bootstrap --env <env>` once per account and region")
        }
        let key = "templates/\(target.stackName)/\(target.templateSHA256).template.json"
        return (nil, try await artifacts.store(target.templateBody, bucket: bucket, key: key))
    }
}
