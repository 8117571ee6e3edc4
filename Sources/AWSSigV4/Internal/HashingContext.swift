import COpenSSL

/// A SHA-256 context and an HMAC-SHA256 context, reused across signatures.
///
/// The HMAC context remembers the key it was last keyed with: signing again with the same signing
/// key only re-initialises it (libcrypto keeps the inner and outer pad states), which skips two
/// SHA-256 compressions per signature. One context is used by one thread at a time (the signer pools them).
final class HashingContext {
    private let digestContext: OpaquePointer
    private let macContext: OpaquePointer
    private var macKey: SHA256Digest?

    init() throws(SigV4Error) {
        guard let sha256 = OpenSSLAlgorithms.sha256, let hmac = OpenSSLAlgorithms.hmac else {
            throw Self.failure("EVP_MD_fetch/EVP_MAC_fetch found no SHA256/HMAC in libcrypto's default provider")
        }
        guard let digestContext = EVP_MD_CTX_new() else { throw Self.failure("EVP_MD_CTX_new") }
        guard let macContext = EVP_MAC_CTX_new(hmac) else {
            EVP_MD_CTX_free(digestContext)
            throw Self.failure("EVP_MAC_CTX_new")
        }
        self.digestContext = digestContext
        self.macContext = macContext
        let configured = "digest".withCString { name in
            "SHA256".withCString { digestName in
                var parameters = [
                    OSSL_PARAM_construct_utf8_string(name, UnsafeMutablePointer(mutating: digestName), 0),
                    OSSL_PARAM_construct_end(),
                ]
                return EVP_MAC_CTX_set_params(macContext, &parameters)
            }
        }
        guard configured == 1, EVP_DigestInit_ex2(digestContext, sha256, nil) == 1 else {
            throw Self.failure("EVP_MAC_CTX_set_params(digest=SHA256)/EVP_DigestInit_ex2")
        }
    }

    deinit {
        EVP_MD_CTX_free(digestContext)
        EVP_MAC_CTX_free(macContext)
    }

    /// SHA-256 of `bytes`.
    func sha256(_ bytes: UnsafeRawBufferPointer) throws(SigV4Error) -> SHA256Digest {
        var digest = SHA256Digest()
        let ok = digest.withUnsafeMutableBytes { output in
            EVP_DigestInit_ex2(digestContext, OpenSSLAlgorithms.sha256, nil) == 1
                && EVP_DigestUpdate(digestContext, bytes.baseAddress, bytes.count) == 1
                && EVP_DigestFinal_ex(digestContext, output.baseAddress!.assumingMemoryBound(to: UInt8.self), nil) == 1
        }
        guard ok else { throw Self.failure("EVP_Digest(SHA256)") }
        return digest
    }

    /// SHA-256 of `bytes`.
    func sha256(_ bytes: [UInt8]) throws(SigV4Error) -> SHA256Digest {
        try bytes.withRawBytes { (raw) throws(SigV4Error) -> SHA256Digest in try sha256(raw) }
    }

    /// HMAC-SHA256 of `message` under a raw key of any length (the first steps of key derivation).
    func hmac(key: UnsafeRawBufferPointer, _ message: UnsafeRawBufferPointer) throws(SigV4Error) -> SHA256Digest {
        macKey = nil
        guard EVP_MAC_init(macContext, key.baseAddress?.assumingMemoryBound(to: UInt8.self), key.count, nil) == 1 else {
            throw Self.failure("EVP_MAC_init")
        }
        return try finishMAC(message)
    }

    /// HMAC-SHA256 of `message` under a 32-byte key, re-using the keyed state when the key is the last one.
    func hmac(key: SHA256Digest, _ message: UnsafeRawBufferPointer) throws(SigV4Error) -> SHA256Digest {
        let initialised: Bool
        if macKey == key {
            initialised = EVP_MAC_init(macContext, nil, 0, nil) == 1
        } else {
            initialised = key.withUnsafeBytes { raw in
                EVP_MAC_init(macContext, raw.baseAddress!.assumingMemoryBound(to: UInt8.self), raw.count, nil) == 1
            }
            macKey = initialised ? key : nil
        }
        guard initialised else { throw Self.failure("EVP_MAC_init") }
        return try finishMAC(message)
    }

    /// HMAC-SHA256 of `message` under a 32-byte key.
    func hmac(key: SHA256Digest, _ message: [UInt8]) throws(SigV4Error) -> SHA256Digest {
        try message.withRawBytes { (raw) throws(SigV4Error) -> SHA256Digest in try hmac(key: key, raw) }
    }

    private func finishMAC(_ message: UnsafeRawBufferPointer) throws(SigV4Error) -> SHA256Digest {
        var digest = SHA256Digest()
        let ok = digest.withUnsafeMutableBytes { output in
            var length = 0
            return EVP_MAC_update(macContext, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
                && EVP_MAC_final(macContext, output.baseAddress!.assumingMemoryBound(to: UInt8.self), &length, output.count) == 1
                && length == SHA256Digest.byteCount
        }
        guard ok else {
            macKey = nil
            throw Self.failure("EVP_MAC_update/EVP_MAC_final")
        }
        return digest
    }

    private static func failure(_ call: String) -> SigV4Error {
        SigV4Error(code: .cryptoFailure, message: "libcrypto failed; is OpenSSL 3 installed and working?", context: call)
    }
}
