extension SigV4Request {
    /// What the signature says about the body: its SHA-256, or that it is unsigned or streamed in
    /// signed chunks.
    ///
    /// ```swift
    /// let form = SigV4Request.Payload.bytes(Array("Action=DescribeStacks&Version=2010-05-15".utf8))
    /// let upload = SigV4Request.Payload.sha256(hex: precomputedHexDigest)  // hashed while reading a file
    /// ```
    public struct Payload: Sendable, Hashable {
        enum Storage: Sendable, Hashable {
            case bytes([UInt8])
            case sha256Hex(String)
            case literal(String)
        }

        let storage: Storage

        private init(_ storage: Storage) { self.storage = storage }

        /// No body (the hash of the empty string, `e3b0c442…b855`).
        public static let empty = Payload(.literal(PayloadHash.emptySHA256Hex))

        /// A body the signer hashes.
        public static func bytes(_ bytes: [UInt8]) -> Payload { Payload(.bytes(bytes)) }

        /// A body whose SHA-256 is already known, as 64 lower-case hex digits (checked when signing).
        public static func sha256(hex: String) -> Payload { Payload(.sha256Hex(hex)) }

        /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature (S3 over TLS, presigned URLs).
        public static let unsigned = Payload(.literal(PayloadHash.unsigned))

        /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: an S3 upload sent `aws-chunked`, each chunk signed by the
        /// `ChunkSigner` that `SigV4Signer.signStreaming` returns.
        public static let streaming = Payload(.literal(PayloadHash.streaming))

        /// Whether this payload is sent as signed chunks.
        public var isStreaming: Bool { storage == .literal(PayloadHash.streaming) }
    }
}

/// The fixed payload hash values of SigV4.
enum PayloadHash {
    static let emptySHA256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let unsigned = "UNSIGNED-PAYLOAD"
    static let streaming = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
}
