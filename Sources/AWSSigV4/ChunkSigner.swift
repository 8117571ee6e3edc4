/// Signs the chunks of an S3 upload sent with `Content-Encoding: aws-chunked`
/// (`x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD`), one after the other.
///
/// Each chunk's signature covers the chunk's SHA-256 and the previous signature (the first chunk
/// chains to the headers' seed signature), so chunks must be signed in the order they are sent and
/// the body ends with one empty chunk. A transport drives it while reading a file:
///
/// ```swift
/// var chunks = streaming.chunkSigner
/// while let chunk = try file.read(upToCount: 65_536), !chunk.isEmpty {
///     try send(chunks.frame(Array(chunk)))  // "10000;chunk-signature=ad80…\r\n<data>\r\n"
/// }
/// try send(chunks.finalFrame())      // "0;chunk-signature=b6c6…\r\n\r\n"
/// ```
public struct ChunkSigner: Sendable {
    private let signer: SigV4Signer
    private let scope: SigningScope
    private let amzDate: [UInt8]
    /// Hex of the last signature made: the seed, then each chunk's.
    public private(set) var previousSignature: String

    init(signer: SigV4Signer, scope: SigningScope, date: AMZDate, seedSignature: SHA256Digest) {
        self.signer = signer
        self.scope = scope
        self.amzDate = date.timestamp
        self.previousSignature = SigV4Signer.hex(seedSignature)
    }

    /// Signs the next chunk and returns its signature (64 hex digits). Pass an empty buffer for the final chunk.
    public mutating func signChunk(_ chunk: UnsafeRawBufferPointer) throws(SigV4Error) -> String {
        let previous = previousSignature
        let signature = try signer.withHashing { (hashing) throws(SigV4Error) -> SHA256Digest in
            var stringToSign: [UInt8] = []
            stringToSign.reserveCapacity(320)
            stringToSign.append(contentsOf: "AWS4-HMAC-SHA256-PAYLOAD\n".utf8)
            stringToSign.append(contentsOf: amzDate)
            stringToSign.append(ASCII.newline)
            stringToSign.append(contentsOf: scope.scope)
            stringToSign.append(ASCII.newline)
            stringToSign.append(contentsOf: previous.utf8)
            stringToSign.append(ASCII.newline)
            stringToSign.append(contentsOf: PayloadHash.emptySHA256Hex.utf8)
            stringToSign.append(ASCII.newline)
            try hashing.sha256(chunk).appendHex(to: &stringToSign)
            return try hashing.hmac(key: scope.signingKey, stringToSign)
        }
        previousSignature = SigV4Signer.hex(signature)
        return previousSignature
    }

    /// Signs the next chunk and returns its signature (64 hex digits).
    public mutating func signChunk(_ chunk: [UInt8]) throws(SigV4Error) -> String {
        try chunk.withRawBytes { (raw) throws(SigV4Error) -> String in try signChunk(raw) }
    }

    /// Signs the next chunk and returns the line that goes before its data: `hex(size);chunk-signature=<sig>\r\n`.
    /// Send the data and `\r\n` after it.
    public mutating func chunkHeader(for chunk: UnsafeRawBufferPointer) throws(SigV4Error) -> [UInt8] {
        let signature = try signChunk(chunk)
        return Array("\(String(chunk.count, radix: 16));chunk-signature=\(signature)\r\n".utf8)
    }

    /// Signs the next chunk and returns it framed: `hex(size);chunk-signature=<sig>\r\n<data>\r\n`.
    public mutating func frame(_ chunk: [UInt8]) throws(SigV4Error) -> [UInt8] {
        var framed = try chunk.withRawBytes { (raw) throws(SigV4Error) -> [UInt8] in try chunkHeader(for: raw) }
        framed.reserveCapacity(framed.count + chunk.count + 2)
        framed.append(contentsOf: chunk)
        framed.append(contentsOf: Self.chunkTrailer)
        return framed
    }

    /// Signs the closing empty chunk and returns it framed: `0;chunk-signature=<sig>\r\n\r\n`.
    public mutating func finalFrame() throws(SigV4Error) -> [UInt8] {
        try frame([])
    }

    /// What follows each chunk's data.
    public static let chunkTrailer: [UInt8] = [ASCII.carriageReturn, ASCII.newline]

    /// The `Content-Length` of a body of `decodedLength` bytes sent in chunks of `chunkSize` bytes
    /// (the last one shorter), framing and the final empty chunk included.
    ///
    /// ```swift
    /// try ChunkSigner.encodedContentLength(decodedLength: 66_560, chunkSize: 65_536)  // 66_824
    /// ```
    ///
    /// - Throws: `SigV4Error` (`.invalidChunkSize`) when `chunkSize` is not positive or `decodedLength` is negative.
    public static func encodedContentLength(decodedLength: Int, chunkSize: Int) throws(SigV4Error) -> Int {
        guard chunkSize > 0, decodedLength >= 0 else {
            throw SigV4Error(
                code: .invalidChunkSize,
                message: "an aws-chunked body needs a positive chunk size and a non-negative length",
                context: "decodedLength \(decodedLength), chunkSize \(chunkSize)"
            )
        }
        func framedLength(_ size: Int) -> Int {
            String(size, radix: 16).utf8.count + ";chunk-signature=".utf8.count + 64 + 2 + size + 2
        }
        let fullChunks = decodedLength / chunkSize
        let remainder = decodedLength % chunkSize
        return fullChunks * framedLength(chunkSize) + (remainder > 0 ? framedLength(remainder) : 0) + framedLength(0)
    }
}
