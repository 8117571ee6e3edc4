import TenkaiCore

extension Bucket: DataAccessGranting {
    /// Object access under the bucket's ARN only; listing is part of `read`.
    public func policyStatements(for access: DataAccess) -> [Value] {
        let objects: Value = .sub("${\(logicalID).Arn}/*")
        var statements: [Value] = []
        if access != .write {
            statements.append(IAMPolicy.allow(["s3:ListBucket"], on: [arn.value]))
            statements.append(IAMPolicy.allow(["s3:GetObject", "s3:GetObjectVersion"], on: [objects]))
        }
        if access != .read {
            statements.append(IAMPolicy.allow(["s3:PutObject", "s3:AbortMultipartUpload"], on: [objects]))
        }
        if case .kms(let key) = encryption {
            statements.append(IAMPolicy.allow(["kms:Decrypt", "kms:GenerateDataKey"], on: [key.value]))
        }
        return statements
    }
}
