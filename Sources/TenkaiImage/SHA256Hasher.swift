import COpenSSL
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Incremental SHA-256 (OpenSSL EVP) for blobs too large to hash in one piece, and the
/// `sha256:<hex>` digests OCI names blobs by.
///
/// ```swift
/// var hasher = SHA256Hasher()
/// hasher.update(header)
/// hasher.update(body)
/// let digest = hasher.finalize()   // "sha256:9f86d0…"
/// ```
public struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    public init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// The digest as OCI writes it: `sha256:` and 64 lower-case hex digits.
    public consuming func finalize() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return "sha256:" + digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// The digest of bytes in memory.
    public static func digest(_ bytes: [UInt8]) -> String {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of bytes in memory.
    public static func digest(_ data: Data) -> String {
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// The digest of `length` bytes of a file from `offset`, read in 1 MiB pieces.
    public static func digest(ofFile path: String, offset: UInt64 = 0, length: UInt64? = nil) throws(ImageError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ImageError("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var hasher = SHA256Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var position = offset
        var remaining = length ?? UInt64.max
        while remaining > 0 {
            let wanted = Int(min(UInt64(buffer.count), remaining))
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(position)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ImageError("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 {
                guard length == nil else { throw ImageError("\(path) ends before byte \(offset + length!) (truncated?)") }
                break
            }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            position += UInt64(count)
            remaining -= UInt64(count)
        }
        return hasher.finalize()
    }
}
