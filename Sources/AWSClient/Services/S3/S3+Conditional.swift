import FoundationEssentials

extension S3 {
    /// Stores an object only if no object has that key (`If-None-Match: *`); returns `false`,
    /// writing nothing, when the key is taken (412 `PreconditionFailed`, or 409 while another
    /// conditional write to the same key is in flight). The basis of locks, and what keeps plans,
    /// approvals and audit records from ever being overwritten through Tenkai.
    ///
    /// Not retried once sent: a retry after a lost answer would find its own first write and
    /// report the key as taken.
    public func putObjectIfAbsent(bucket: String, key: String, body: Data, contentType: String = "application/json") async throws -> Bool {
        var headers = HTTPHeaders()
        headers["Content-Type"] = contentType
        headers["If-None-Match"] = "*"
        do {
            _ = try await session.send(
                request("PutObject", "PUT", bucket: bucket, key: key, headers: headers, body: .data(body), isRetrySafe: false))
            return true
        } catch let error as AWSError where error.status == 412 || error.status == 409 || error.code == "PreconditionFailed" {
            return false
        }
    }
}
