import TenkaiCore

extension Bucket: Monitorable {
    public var metrics: [Metric] { [sizeBytes, objectCount] }

    /// A daily storage metric of this bucket in `AWS/S3` (dimensions `BucketName`, `StorageType`).
    public func storageMetric(_ name: String, storageType: String) -> Metric {
        Metric(
            namespace: "AWS/S3", name: name,
            dimensions: [Metric.Dimension("BucketName", bucketName), Metric.Dimension("StorageType", .value(.string(storageType)))],
            statistic: "Average", periodSeconds: 86_400)
    }

    /// Bytes stored in the Standard storage class, once a day.
    public var sizeBytes: Metric { storageMetric("BucketSizeBytes", storageType: "StandardStorage") }
    /// Objects in the bucket, once a day.
    public var objectCount: Metric { storageMetric("NumberOfObjects", storageType: "AllStorageTypes") }
}
