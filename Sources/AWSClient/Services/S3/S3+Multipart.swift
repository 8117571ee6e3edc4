import FoundationEssentials

extension S3 {
    /// Starts a multipart upload; returns its upload ID. Not retried once sent: a repeat would
    /// leave a second, orphaned upload behind.
    public func createMultipartUpload(bucket: String, key: String, contentType: String? = nil) async throws -> String {
        var headers = HTTPHeaders()
        if let contentType { headers["Content-Type"] = contentType }
        let response = try await session.send(request(
            "CreateMultipartUpload", "POST", bucket: bucket, key: key, query: [("uploads", "")], headers: headers,
            isRetrySafe: false
        ))
        return try decodeXML(InitiatedUpload.self, response, operation: "CreateMultipartUpload").uploadId
    }

    /// Uploads one part (number 1…10,000; every part but the last at least 5 MiB); returns its ETag.
    public func uploadPart(bucket: String, key: String, uploadID: String, partNumber: Int, body: HTTPRequestBody) async throws -> String {
        let response = try await session.send(request(
            "UploadPart", "PUT", bucket: bucket, key: key,
            query: [("partNumber", String(partNumber)), ("uploadId", uploadID)], body: body, isRetrySafe: true
        ))
        guard let eTag = response.headers["ETag"] else {
            throw AWSError(
                service: service.name, operation: "UploadPart", status: response.status, code: "MissingETag",
                message: "the answer to part \(partNumber) has no ETag header", requestID: AWSErrorParser.requestID(in: response.headers)
            )
        }
        return eTag
    }

    /// Joins the uploaded parts into the object; returns its ETag.
    @discardableResult
    public func completeMultipartUpload(bucket: String, key: String, uploadID: String, parts: [CompletedPart]) async throws -> String? {
        let document = XMLTree(
            name: "CompleteMultipartUpload", attributes: ["xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"],
            children: parts.sorted { $0.partNumber < $1.partNumber }.map { part in
                XMLTree(name: "Part", children: [
                    XMLTree(name: "PartNumber", text: String(part.partNumber)), XMLTree(name: "ETag", text: part.eTag),
                ])
            }
        )
        let response = try await session.send(request(
            "CompleteMultipartUpload", "POST", bucket: bucket, key: key, query: [("uploadId", uploadID)],
            headers: ["Content-Type": "application/xml"], body: .data(Data(XMLWriter.document(document).utf8)), isRetrySafe: true
        ))
        // S3 can answer 200 with an error document when the join fails late.
        let tree = try? XMLTree.parse(response.body)
        if let tree, tree.name == "Error" {
            var failed = response
            failed.status = 500
            throw AWSErrorParser.parse(failed, service: service.name, operation: "CompleteMultipartUpload")
        }
        return tree?["ETag"]?.text
    }

    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        _ = try await session.send(request(
            "AbortMultipartUpload", "DELETE", bucket: bucket, key: key, query: [("uploadId", uploadID)], isRetrySafe: true
        ))
    }

    /// Uploads a file: in one request when it is at most `partSize`, else as a multipart upload of
    /// `partSize` pieces streamed from the file (aborted if any part fails). Returns the ETag.
    @discardableResult
    public func uploadFile(
        _ file: URL, bucket: String, key: String, contentType: String? = nil, partSize: UInt64 = 16 << 20
    ) async throws -> String? {
        let size = try FileSlice.size(of: file)
        guard size > partSize else {
            return try await putObject(bucket: bucket, key: key, body: .file(FileSlice(url: file, offset: 0, length: size)), contentType: contentType)
        }
        guard partSize >= 5 << 20 else {
            throw ConfigurationError("S3 multipart parts must be at least 5 MiB, not \(partSize) bytes")
        }
        let uploadID = try await createMultipartUpload(bucket: bucket, key: key, contentType: contentType)
        do {
            var parts: [CompletedPart] = []
            var offset: UInt64 = 0
            while offset < size {
                let length = min(partSize, size - offset)
                let number = parts.count + 1
                let eTag = try await uploadPart(
                    bucket: bucket, key: key, uploadID: uploadID, partNumber: number,
                    body: .file(FileSlice(url: file, offset: offset, length: length))
                )
                parts.append(CompletedPart(partNumber: number, eTag: eTag))
                offset += length
            }
            return try await completeMultipartUpload(bucket: bucket, key: key, uploadID: uploadID, parts: parts)
        } catch {
            try? await abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
            throw error
        }
    }
}

/// A finished part of a multipart upload.
public struct CompletedPart: Sendable, Equatable {
    public var partNumber: Int
    public var eTag: String

    public init(partNumber: Int, eTag: String) {
        self.partNumber = partNumber
        self.eTag = eTag
    }
}

private struct InitiatedUpload: Decodable {
    var uploadId: String
}
