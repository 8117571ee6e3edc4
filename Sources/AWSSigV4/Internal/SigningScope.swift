#if canImport(Glibc)
import Glibc
#endif

/// A derived signing key with the credential scope it belongs to (day, region, service, access key).
///
/// Deriving costs four HMACs; the signer caches scopes so that a signature costs one SHA-256 and one
/// HMAC. Immutable, so it is shared between threads freely.
final class SigningScope: Sendable {
    let accessKeyID: String
    let secretAccessKey: String
    let day: Int
    let region: String
    let service: String
    /// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`.
    let signingKey: SHA256Digest
    /// `20150830/us-east-1/service/aws4_request`.
    let scope: [UInt8]
    /// `AKIDEXAMPLE/20150830/us-east-1/service/aws4_request`, the `Credential` value.
    let credential: [UInt8]

    init(credentials: AWSCredentials, date: AMZDate, region: String, service: String, hashing: HashingContext) throws(SigV4Error) {
        accessKeyID = credentials.accessKeyID
        secretAccessKey = credentials.secretAccessKey
        day = date.day
        self.region = region
        self.service = service

        let dayBytes = date.dayBytes
        var secret = Array("AWS4".utf8) + Array(credentials.secretAccessKey.utf8)
        defer { for index in secret.indices { secret[index] = 0 } }
        let dateKey = try secret.withRawBytes { (key) throws(SigV4Error) -> SHA256Digest in
            try dayBytes.withRawBytes { (message) throws(SigV4Error) -> SHA256Digest in try hashing.hmac(key: key, message) }
        }
        let regionKey = try Self.hmac(hashing, dateKey, Array(region.utf8))
        let serviceKey = try Self.hmac(hashing, regionKey, Array(service.utf8))
        signingKey = try Self.hmac(hashing, serviceKey, Array("aws4_request".utf8))

        scope = dayBytes + [ASCII.slash] + Array(region.utf8) + [ASCII.slash] + Array(service.utf8) + Array("/aws4_request".utf8)
        credential = Array(credentials.accessKeyID.utf8) + [ASCII.slash] + scope
    }

    /// Whether this scope signs for these credentials on this day, region and service.
    ///
    /// Compares UTF-8 bytes, never `String ==`: Swift calls canonically equivalent strings equal
    /// (`"caf\u{E9}"` and `"cafe\u{301}"`), but HMAC keys on bytes, so two such secrets are two keys.
    @inline(__always)
    func matches(_ credentials: AWSCredentials, day: Int, region: String, service: String) -> Bool {
        self.day == day && Self.sameBytes(accessKeyID, credentials.accessKeyID) && Self.sameBytes(self.region, region)
            && Self.sameBytes(self.service, service) && Self.sameBytes(secretAccessKey, credentials.secretAccessKey)
    }

    @inline(__always)
    static func sameBytes(_ left: String, _ right: String) -> Bool {
        // Native strings hold contiguous UTF-8: one memcmp. Bridged or lazy ones compare byte by byte.
        let fast = left.utf8.withContiguousStorageIfAvailable { leftBytes in
            right.utf8.withContiguousStorageIfAvailable { rightBytes in
                leftBytes.count == rightBytes.count
                    && (leftBytes.count == 0 || memcmp(leftBytes.baseAddress!, rightBytes.baseAddress!, leftBytes.count) == 0)
            }
        }
        if let fast, let result = fast { return result }
        return left.utf8.elementsEqual(right.utf8)
    }

    private static func hmac(_ hashing: HashingContext, _ key: SHA256Digest, _ message: [UInt8]) throws(SigV4Error) -> SHA256Digest {
        var keyBytes: [UInt8] = []
        key.appendBytes(to: &keyBytes)
        return try keyBytes.withRawBytes { (rawKey) throws(SigV4Error) -> SHA256Digest in
            try message.withRawBytes { (rawMessage) throws(SigV4Error) -> SHA256Digest in
                try hashing.hmac(key: rawKey, rawMessage)
            }
        }
    }
}
