import FoundationEssentials

/// The S3 operations Tenkai and the file-sharing service need. Object bodies stream from and to
/// files, so uploads and downloads never hold a whole object in memory.
///
/// ```swift
/// let s3 = S3(aws)
/// try await s3.putObject(bucket: "files", key: "a.txt", body: .data(Data("hi".utf8)))
/// let download = try await s3.getObject(bucket: "files", key: "big.iso", to: .file(localURL))
/// let link = try await s3.presignedURL(.get, bucket: "files", key: "a.txt", expiresIn: .seconds(900))
/// ```
public struct S3: Sendable {
    public let session: AWSSession
    let service = AWSService.s3

    public init(_ session: AWSSession) {
        self.session = session
    }

    // MARK: - Buckets

    /// Creates a bucket in the session's region (answers `BucketAlreadyOwnedByYou` if it exists).
    public func createBucket(_ bucket: String) async throws {
        var body = HTTPRequestBody.empty
        if session.region != "us-east-1" {
            let configuration = XMLTree(
                name: "CreateBucketConfiguration", attributes: ["xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"],
                children: [XMLTree(name: "LocationConstraint", text: session.region)]
            )
            body = .data(Data(XMLWriter.document(configuration).utf8))
        }
        _ = try await session.send(request("CreateBucket", "PUT", bucket: bucket, body: body, isRetrySafe: true))
    }

    /// One page of a bucket's keys (up to `maxKeys`, 1,000 at most).
    public func listObjectsV2(
        bucket: String, prefix: String? = nil, delimiter: String? = nil, continuationToken: String? = nil, maxKeys: Int? = nil
    ) async throws -> S3ObjectList {
        var query = [("list-type", "2")]
        if let prefix { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let response = try await session.send(request("ListObjectsV2", "GET", bucket: bucket, query: query, isRetrySafe: true))
        return try decodeXML(S3ObjectList.self, response, operation: "ListObjectsV2")
    }

    // MARK: - Objects

    /// Stores an object; returns its ETag.
    @discardableResult
    public func putObject(
        bucket: String, key: String, body: HTTPRequestBody, contentType: String? = nil, metadata: [String: String] = [:]
    ) async throws -> String? {
        var headers = HTTPHeaders()
        if let contentType { headers["Content-Type"] = contentType }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.add("x-amz-meta-\(name)", value) }
        let response = try await session.send(
            request("PutObject", "PUT", bucket: bucket, key: key, headers: headers, body: body, isRetrySafe: true)
        )
        return response.headers["ETag"]
    }

    /// Reads an object into memory or streams it to a file (written under a temporary name and
    /// renamed when complete).
    public func getObject(bucket: String, key: String, to destination: HTTPResponseDestination = .memory) async throws -> S3Object {
        let response = try await session.send(
            request("GetObject", "GET", bucket: bucket, key: key, isRetrySafe: true), receivingBodyIn: destination
        )
        return S3Object(metadata: S3ObjectMetadata(response.headers), body: response.body, file: response.bodyFile)
    }

    /// An object's metadata, or `nil` when there is no such key.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectMetadata? {
        do {
            let response = try await session.send(request("HeadObject", "HEAD", bucket: bucket, key: key, isRetrySafe: true))
            return S3ObjectMetadata(response.headers)
        } catch let error as AWSError where error.status == 404 {
            return nil
        }
    }

    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await session.send(request("DeleteObject", "DELETE", bucket: bucket, key: key, isRetrySafe: true))
    }

    // MARK: - Helpers

    func request(
        _ operation: String, _ method: String, bucket: String, key: String? = nil, query: [(String, String)] = [],
        headers: HTTPHeaders = [:], body: HTTPRequestBody = .empty, isRetrySafe: Bool
    ) -> AWSRequest {
        AWSRequest(
            service: service, operation: operation, method: method, path: "/" + (key.map(S3Addressing.escapeKey) ?? ""),
            query: query, headers: headers, body: body, isRetrySafe: isRetrySafe, bucketHostPrefix: bucket
        )
    }

    func decodeXML<Output: Decodable>(_ type: Output.Type, _ response: HTTPResponse, operation: String) throws -> Output {
        if let page = UnexpectedAnswer.htmlPage(response, service: service, operation: operation) { throw page }
        do {
            return try XMLTreeDecoder().decode(Output.self, from: try XMLTree.parse(response.body))
        } catch {
            throw QueryProtocol.unreadable(response, service: service, operation: operation, reason: QueryProtocol.describe(error))
        }
    }
}
