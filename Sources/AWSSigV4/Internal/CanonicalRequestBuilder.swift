/// How a signature is delivered: in headers (`Authorization`) or in the URL's query (presigned).
enum SigningMode: Equatable {
    case header
    case query(expiresInSeconds: Int)
}

/// Where a name and a value sit in one of the workspace's byte buffers, and in which order the field arrived.
struct FieldRange {
    var nameStart: Int
    var nameEnd: Int
    var valueStart: Int
    var valueEnd: Int
    var arrival: Int
}

/// Builds the canonical request and the string to sign in byte buffers that are kept between
/// signatures (a non-copyable struct owned by one workspace, so the hot loops pay neither dynamic
/// exclusivity checks nor copy-on-write checks).
struct CanonicalRequestBuilder: ~Copyable {
    /// Lower-cased header names and normalised values, back to back.
    var headerBytes = ByteBuffer(capacity: 2048)
    var headerFields: [FieldRange] = []
    /// Encoded query names and values, back to back.
    var queryBytes = ByteBuffer(capacity: 512)
    var queryFields: [FieldRange] = []

    /// `host;x-amz-date`.
    var signedHeaders = ByteBuffer(capacity: 256)
    /// The sorted, encoded query, as it goes into the canonical request (and into a presigned URL).
    var canonicalQuery = ByteBuffer(capacity: 512)
    var canonicalRequest = ByteBuffer(capacity: 4096)
    var stringToSign = ByteBuffer(capacity: 256)
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD` / `STREAMING-…`.
    var payloadHash = ByteBuffer(capacity: 64)
    /// Whether the signer added `x-amz-content-sha256` (the request did not carry it).
    var addsContentHashHeader = false
    /// Where the `Authorization` value is assembled.
    private var authorizationBytes = ByteBuffer(capacity: 512)

    init() {
        headerFields.reserveCapacity(16)
        queryFields.reserveCapacity(16)
    }

    /// Computes the signature of `request` and leaves the canonical pieces in the buffers.
    mutating func computeSignature(
        of request: SigV4Request,
        hashing: HashingContext,
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        date: AMZDate,
        scope: SigningScope,
        mode: SigningMode
    ) throws(SigV4Error) -> SHA256Digest {
        reset()
        try preparePayloadHash(request.payload, configuration: configuration, mode: mode, hashing: hashing)
        try collectHeaders(of: request, credentials: credentials, configuration: configuration, date: date, mode: mode)
        sortHeaders()
        writeSignedHeaders()
        try collectQuery(of: request, credentials: credentials, configuration: configuration, date: date, scope: scope, mode: mode)
        sortQuery()
        writeCanonicalQuery()

        try appendMethod(request.method)
        canonicalRequest.append(ASCII.newline)
        try CanonicalPath.append(
            request.path,
            normalizing: configuration.normalizesPath,
            encoding: configuration.pathEncoding,
            to: &canonicalRequest
        )
        canonicalRequest.append(ASCII.newline)
        canonicalRequest.append(bytes: canonicalQuery.bytes)
        canonicalRequest.append(ASCII.newline)
        writeCanonicalHeaders()
        canonicalRequest.append(ASCII.newline)
        canonicalRequest.append(bytes: signedHeaders.bytes)
        canonicalRequest.append(ASCII.newline)
        canonicalRequest.append(bytes: payloadHash.bytes)

        let requestHash = try hashing.sha256(UnsafeRawBufferPointer(canonicalRequest.bytes))
        stringToSign.append(Self.algorithm)
        stringToSign.append(ASCII.newline)
        date.appendTimestamp(to: &stringToSign)
        stringToSign.append(ASCII.newline)
        stringToSign.append(scope.scope)
        stringToSign.append(ASCII.newline)
        requestHash.appendHex(to: &stringToSign)
        return try hashing.hmac(key: scope.signingKey, UnsafeRawBufferPointer(stringToSign.bytes))
    }

    static let algorithm: [UInt8] = Array("AWS4-HMAC-SHA256".utf8)

    /// `AWS4-HMAC-SHA256 Credential=<key>/<scope>, SignedHeaders=<names>, Signature=<hex>`.
    mutating func authorization(_ signature: SHA256Digest, scope: SigningScope) -> String {
        authorizationBytes.removeAll()
        authorizationBytes.append(Self.algorithm)
        authorizationBytes.append(AuthorizationText.credential)
        authorizationBytes.append(scope.credential)
        authorizationBytes.append(AuthorizationText.signedHeaders)
        authorizationBytes.append(bytes: signedHeaders.bytes)
        authorizationBytes.append(AuthorizationText.signature)
        signature.appendHex(to: &authorizationBytes)
        return authorizationBytes.string()
    }

    private enum AuthorizationText {
        static let credential = Array(" Credential=".utf8)
        static let signedHeaders = Array(", SignedHeaders=".utf8)
        static let signature = Array(", Signature=".utf8)
    }

    /// Empties the buffers, keeping their memory.
    private mutating func reset() {
        headerBytes.removeAll()
        if !headerFields.isEmpty { headerFields.removeAll(keepingCapacity: true) }
        queryBytes.removeAll()
        if !queryFields.isEmpty { queryFields.removeAll(keepingCapacity: true) }
        signedHeaders.removeAll()
        canonicalQuery.removeAll()
        canonicalRequest.removeAll()
        stringToSign.removeAll()
        payloadHash.removeAll()
        addsContentHashHeader = false
    }

    private mutating func preparePayloadHash(
        _ payload: SigV4Request.Payload,
        configuration: SigningConfiguration,
        mode: SigningMode,
        hashing: HashingContext
    ) throws(SigV4Error) {
        if case .query = mode {
            if payload.isStreaming {
                throw SigV4Error(
                    code: .conflictingParameter,
                    message: "a streaming (aws-chunked) upload cannot be presigned; presign with an unsigned or hashed payload"
                )
            }
            if configuration.presignsUnsignedPayload {
                payloadHash.append(utf8: PayloadHash.unsigned)
                return
            }
        }
        switch payload.storage {
        case .literal(let value):
            payloadHash.append(utf8: value)
        case .bytes(let bytes):
            try hashing.sha256(bytes).appendHex(to: &payloadHash)
        case .sha256Hex(let hex):
            let isLowerHex = hex.utf8.count == 64 && hex.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
            guard isLowerHex else {
                throw SigV4Error(
                    code: .invalidPayloadHash,
                    message: "a precomputed payload hash must be 64 lower-case hex digits (hex SHA-256 of the body)",
                    context: hex
                )
            }
            payloadHash.append(utf8: hex)
        }
    }

    private mutating func appendMethod(_ method: String) throws(SigV4Error) {
        let start = canonicalRequest.count
        canonicalRequest.append(utf8: method)
        let method = canonicalRequest[start..<canonicalRequest.count]
        guard !method.isEmpty, method.allSatisfy(ASCII.isTokenCharacter) else {
            throw SigV4Error(code: .invalidHeader, message: "the HTTP method must be a token such as GET or POST", context: String(decoding: method, as: UTF8.self))
        }
    }
}
