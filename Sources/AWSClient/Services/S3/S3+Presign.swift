import FoundationEssentials

extension S3 {
    /// What a presigned URL lets its holder do.
    public enum PresignedOperation: Sendable, Equatable {
        case get
        /// A GET whose response S3 sends with these `Content-Disposition` and `Content-Type`
        /// (for downloads that must arrive as an attachment with the stored file's name).
        case download(contentDisposition: String, contentType: String)
        case put
        /// Upload one part of a multipart upload, for browsers sending large files straight to S3.
        case uploadPart(uploadID: String, partNumber: Int)
    }

    /// A URL that allows one operation on one object without credentials, until it expires (at
    /// most 7 days, and never later than the temporary credentials that signed it).
    public func presignedURL(
        _ operation: PresignedOperation, bucket: String, key: String, expiresIn: Duration
    ) async throws -> URL {
        let method: String
        var query: [(String, String)] = []
        switch operation {
        case .get: method = "GET"
        case .download(let disposition, let contentType):
            method = "GET"
            query = [("response-content-disposition", disposition), ("response-content-type", contentType)]
        case .put: method = "PUT"
        case .uploadPart(let uploadID, let partNumber):
            method = "PUT"
            query = [("partNumber", String(partNumber)), ("uploadId", uploadID)]
        }
        let call = request("Presign", method, bucket: bucket, key: key, query: query, isRetrySafe: true)
        let endpoint = try session.endpoints.endpoint(for: service, region: session.region)
        let url = try AWSSession.url(for: call, endpoint: endpoint)
        guard let provider = session.credentials, let credentials = try await provider.resolve() else {
            throw CredentialError(source: session.credentials?.name ?? "session", message: "presigning needs credentials")
        }
        let signable = try SigV4Request(method: method, url: url.absoluteString, payload: .unsigned)
        let presigned = try session.signer.presign(
            signable, credentials: credentials, configuration: .s3(region: endpoint.signingRegion),
            date: session.clock.now(), expiresIn: expiresIn
        )
        guard let signedURL = URL(string: presigned.url(scheme: url.scheme ?? "https")) else {
            throw ConfigurationError("the presigned URL is not valid: \(presigned.url(scheme: url.scheme ?? "https"))")
        }
        return signedURL
    }
}
