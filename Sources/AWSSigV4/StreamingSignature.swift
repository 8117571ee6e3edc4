/// The outcome of signing an S3 `aws-chunked` upload: the headers to send and the signer of its chunks.
public struct StreamingSignature: Sendable {
    /// The headers to add; its signature is the seed of the chunk chain.
    public var headerSignature: HeaderSignature
    /// Signs and frames the body's chunks, in order.
    public var chunkSigner: ChunkSigner
}
