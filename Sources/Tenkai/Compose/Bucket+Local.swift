extension Bucket: LocallyRunnable {
    /// A MinIO bucket of the same name, created (and versioned) by `storage-setup`.
    public func provideLocally(into compose: inout ComposeContext) {
        let name = compose.resourceName(self.name)
        LocalAWS.addBucket(name, versioned: versioned, to: &compose)
        compose.publish(bucketName, as: name, readyWhen: ("storage-setup", .completedSuccessfully))
        compose.publish(arn, as: "arn:aws:s3:::\(name)", readyWhen: ("storage-setup", .completedSuccessfully))
        compose.publish(regionalDomainName, as: "storage:9000", readyWhen: ("storage-setup", .completedSuccessfully))
    }
}
