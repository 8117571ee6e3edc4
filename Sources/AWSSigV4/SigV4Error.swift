/// Why a request could not be signed: a code to match on, a message that says what is wrong and how
/// to fix it, and the part of the request it is about.
///
/// ```swift
/// do {
///     _ = try signer.presign(request, credentials: credentials, configuration: .s3(region: "eu-west-1"),
///                            expiresIn: .seconds(8 * 24 * 3600))
/// } catch let error where error.code == .expiryOutOfRange {
///     print(error)  // SigV4 expiryOutOfRange: X-Amz-Expires must be between 1 and 604800 seconds (7 days); …
/// }
/// ```
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is. New codes can be added without breaking `switch`-free matching.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case alreadySigned, conflictingParameter, expiryOutOfRange, missingHost, invalidHeader, invalidPath
            case invalidPayloadHash, invalidChunkSize, invalidURL, invalidDate, cryptoFailure
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The request already carries `Authorization` or `X-Amz-Signature`: signing it again would send
        /// two signatures. Build the request afresh for every attempt.
        public static let alreadySigned = Code(.alreadySigned)
        /// The request already holds a header or query parameter the signer sets itself
        /// (`X-Amz-Date`, `X-Amz-Security-Token`, `X-Amz-Credential`, …) or one that disagrees with it.
        public static let conflictingParameter = Code(.conflictingParameter)
        /// A presigned URL must live between 1 second and 7 days (604,800 seconds).
        public static let expiryOutOfRange = Code(.expiryOutOfRange)
        /// There is no `Host` header to sign.
        public static let missingHost = Code(.missingHost)
        /// A header name is not an HTTP token, or a value holds a line break or NUL.
        public static let invalidHeader = Code(.invalidHeader)
        /// A path that is signed verbatim (S3) is not percent-encoded, or does not start with `/`.
        public static let invalidPath = Code(.invalidPath)
        /// A precomputed payload hash is not 64 lower-case hex digits.
        public static let invalidPayloadHash = Code(.invalidPayloadHash)
        /// An `aws-chunked` body was described with a chunk size under 1 or a negative length.
        public static let invalidChunkSize = Code(.invalidChunkSize)
        /// A URL given to `SigV4Request(method:url:)` could not be split into host, path and query.
        public static let invalidURL = Code(.invalidURL)
        /// The signing time is outside the years 1970…9999.
        public static let invalidDate = Code(.invalidDate)
        /// libcrypto refused an operation (it should not; the message names the call).
        public static let cryptoFailure = Code(.cryptoFailure)

        public var description: String { "\(value)" }
    }

    /// What kind of problem this is.
    public var code: Code
    /// One sentence: what is wrong and how to fix it.
    public var message: String
    /// The header, parameter or path the problem is about, if any. Never a secret.
    public var context: String?

    public init(code: Code, message: String, context: String? = nil) {
        self.code = code
        self.message = message
        self.context = context
    }

    public var description: String {
        if let context { return "SigV4 \(code): \(message) (\(context))" }
        return "SigV4 \(code): \(message)"
    }
}
