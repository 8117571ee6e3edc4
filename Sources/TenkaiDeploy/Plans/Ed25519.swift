import COpenSSL
import FoundationEssentials

/// Ed25519 signatures through OpenSSL's libcrypto, for plan approvals.
///
/// Keys travel in the usual files: a private key is PKCS#8 PEM (what
/// `openssl genpkey -algorithm ed25519` writes), a public key is the base64 of its DER
/// SubjectPublicKeyInfo (what `Environments/prod.yaml` lists, `MCowBQYDK2VwAyEA…`).
///
/// ```swift
/// let key = try Ed25519.PrivateKey(pem: String(contentsOfFile: path))
/// let signature = try key.sign(Array("message".utf8))
/// Ed25519.verify(signature, of: Array("message".utf8), publicKey: key.publicKeyBase64)  // true
/// ```
public enum Ed25519 {
    /// DER prefixes for Ed25519: SubjectPublicKeyInfo and PKCS#8 PrivateKeyInfo, each followed by the 32 raw key bytes.
    static let publicKeyPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]
    static let privateKeyPrefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]

    public struct KeyError: Error, CustomStringConvertible {
        public var description: String
    }

    /// A private key. Its bytes are never printed: `description` shows the public half only.
    public struct PrivateKey: Sendable, CustomStringConvertible {
        private let raw: [UInt8]

        /// Reads a PKCS#8 PEM Ed25519 private key.
        public init(pem: String) throws {
            let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            guard pem.contains("BEGIN PRIVATE KEY"), let der = Data(base64Encoded: body).map(Array.init),
                  der.count == privateKeyPrefix.count + 32, Array(der.prefix(privateKeyPrefix.count)) == privateKeyPrefix
            else { throw KeyError(description: "not an Ed25519 private key in PKCS#8 PEM (make one with: openssl genpkey -algorithm ed25519)") }
            raw = Array(der.suffix(32))
        }

        private init(raw: [UInt8]) { self.raw = raw }

        /// A fresh random key (for tests and `tenkai approve --generate-key`).
        public static func generate() throws -> PrivateKey {
            var bytes = [UInt8](repeating: 0, count: 32)
            guard RAND_bytes(&bytes, 32) == 1 else { throw KeyError(description: "OpenSSL could not produce random bytes") }
            return PrivateKey(raw: bytes)
        }

        /// The key as PKCS#8 PEM, to write to a private file.
        public var pem: String {
            let body = Data(privateKeyPrefix + raw).base64EncodedString()
            return "-----BEGIN PRIVATE KEY-----\n\(body)\n-----END PRIVATE KEY-----\n"
        }

        public var publicKeyBase64: String {
            get throws {
                try withKey { key in
                    var length = 32
                    var bytes = [UInt8](repeating: 0, count: 32)
                    guard EVP_PKEY_get_raw_public_key(key, &bytes, &length) == 1 else { throw KeyError(description: "OpenSSL could not derive the public key") }
                    return Data(publicKeyPrefix + bytes).base64EncodedString()
                }
            }
        }

        public func sign(_ message: [UInt8]) throws -> [UInt8] {
            try withKey { key in
                guard let context = EVP_MD_CTX_new() else { throw KeyError(description: "out of memory") }
                defer { EVP_MD_CTX_free(context) }
                var signature = [UInt8](repeating: 0, count: 64)
                var length = 64
                guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1,
                      EVP_DigestSign(context, &signature, &length, message, message.count) == 1
                else { throw KeyError(description: "OpenSSL could not sign") }
                return Array(signature.prefix(length))
            }
        }

        public var description: String { "Ed25519 private key (\((try? publicKeyBase64) ?? "invalid"))" }

        private func withKey<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
            guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, raw, raw.count) else {
                throw KeyError(description: "OpenSSL rejected the Ed25519 private key")
            }
            defer { EVP_PKEY_free(key) }
            return try body(key)
        }
    }

    /// Whether `signature` is `publicKey`'s signature of `message`; any malformed input is `false`.
    public static func verify(_ signature: [UInt8], of message: [UInt8], publicKey: String) -> Bool {
        guard let der = Data(base64Encoded: publicKey).map(Array.init), der.count == publicKeyPrefix.count + 32,
              Array(der.prefix(publicKeyPrefix.count)) == publicKeyPrefix
        else { return false }
        let raw = Array(der.suffix(32))
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, raw, raw.count) else { return false }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        return EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1
            && EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
    }
}
