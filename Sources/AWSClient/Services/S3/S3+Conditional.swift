import FoundationEssentials

extension S3 {
    /// Stores an object only if no object has that key (`If-None-Match: *`): the basis of a lock.
    /// Answers `false` when the key exists (412 `PreconditionFailed`, or 409 when another
    /// conditional write to the same key is in flight).
    public func putObjectIfAbsent(bucket: String, key: String, body: Data, contentType: String = "application/json") async throws -> Bool {
        var headers = HTTPHeaders()
        headers["Content-Type"] = contentType
        headers["If-None-Match"] = "*"
        do {
            _ = try await session.send(
                request("PutObject", "PUT", bucket: bucket, key: key, headers: headers, body: .data(body), isRetrySafe: false))
            return true
        } catch let error as AWSError where error.status == 412 || error.status == 409 {
            return false
        }
    }
}
