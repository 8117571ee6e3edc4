import COpenSSL

/// SHA-256 and HMAC looked up in libcrypto once per process: an implicit fetch (`EVP_sha256()` in
/// every `EVP_DigestInit`) searches the provider store each time and costs more than the hashing.
enum OpenSSLAlgorithms {
    nonisolated(unsafe) static let sha256: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)
    nonisolated(unsafe) static let hmac: OpaquePointer? = EVP_MAC_fetch(nil, "HMAC", nil)
}
