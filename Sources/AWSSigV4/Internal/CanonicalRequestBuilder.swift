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

/// Builds the canonical request and the string to sign in pre-sized byte buffers that are kept
/// between signatures (a struct, so the hot loops pay no dynamic exclusivity checks).
struct CanonicalRequestBuilder {
    /// Lower-cased header names and normalised values, back to back.
    var headerBytes: [UInt8] = []
    var headerFields: [FieldRange] = []
    /// Encoded query names and values, back to back.
    var queryBytes: [UInt8] = []
    var queryFields: [FieldRange] = []

    /// `host;x-amz-date`.
    var signedHeaders: [UInt8] = []
    /// The sorted, encoded query, as it goes into the canonical request (and into a presigned URL).
    var canonicalQuery: [UInt8] = []
    var canonicalRequest: [UInt8] = []
    var stringToSign: [UInt8] = []
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD` / `STREAMING-…`.
    var payloadHash: [UInt8] = []
    /// Whether the signer added `x-amz-content-sha256` (the request did not carry it).
    var addsContentHashHeader = false

    init() {
        headerBytes.reserveCapacity(1024)
        headerFields.reserveCapacity(16)
        queryBytes.reserveCapacity(512)
        queryFields.reserveCapacity(16)
        signedHeaders.reserveCapacity(128)
        canonicalQuery.reserveCapacity(512)
        canonicalRequest.reserveCapacity(2048)
        stringToSign.reserveCapacity(256)
        payloadHash.reserveCapacity(64)
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
        canonicalRequest.append(contentsOf: canonicalQuery)
        canonicalRequest.append(ASCII.newline)
        writeCanonicalHeaders()
        canonicalRequest.append(ASCII.newline)
        canonicalRequest.append(contentsOf: signedHeaders)
        canonicalRequest.append(ASCII.newline)
        canonicalRequest.append(contentsOf: payloadHash)

        let requestHash = try hashing.sha256(canonicalRequest)
        stringToSign.append(contentsOf: Self.algorithm)
        stringToSign.append(ASCII.newline)
        date.appendTimestamp(to: &stringToSign)
        stringToSign.append(ASCII.newline)
        stringToSign.append(contentsOf: scope.scope)
        stringToSign.append(ASCII.newline)
        requestHash.appendHex(to: &stringToSign)
        return try hashing.hmac(key: scope.signingKey, stringToSign)
    }

    static let algorithm: [UInt8] = Array("AWS4-HMAC-SHA256".utf8)

    /// Empties the buffers, keeping their memory (arrays already empty are not touched).
    private mutating func reset() {
        Self.empty(&headerBytes)
        Self.empty(&headerFields)
        Self.empty(&queryBytes)
        Self.empty(&queryFields)
        Self.empty(&signedHeaders)
        Self.empty(&canonicalQuery)
        Self.empty(&canonicalRequest)
        Self.empty(&stringToSign)
        Self.empty(&payloadHash)
        addsContentHashHeader = false
    }

    @inline(__always)
    private static func empty<Element>(_ array: inout [Element]) {
        if !array.isEmpty { array.removeAll(keepingCapacity: true) }
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
                payloadHash.append(contentsOf: PayloadHash.unsigned.utf8)
                return
            }
        }
        switch payload.storage {
        case .literal(let value):
            payloadHash.append(contentsOf: value.utf8)
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
            payloadHash.append(contentsOf: hex.utf8)
        }
    }

    private mutating func appendMethod(_ method: String) throws(SigV4Error) {
        let start = canonicalRequest.count
        canonicalRequest.append(contentsOf: method.utf8)
        let valid = canonicalRequest.count > start && canonicalRequest[start...].allSatisfy(ASCII.isTokenCharacter)
        guard valid else {
            throw SigV4Error(code: .invalidHeader, message: "the HTTP method must be a token such as GET or POST", context: method)
        }
    }
}
