import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// SHA-256 on OpenSSL's libcrypto: the one hash every module uses (template fingerprints, code
/// assets, plans, OCI blobs, the app's file checksums and token hashes), fed in pieces or at once.
///
/// ```swift
/// let hex = SHA256.hex(bytes)                // 64 lower-case hex digits
/// let hasher = SHA256()
/// hasher.update(header)
/// hasher.update(body)
/// let digest = hasher.finalizeHex()
/// ```
public final class SHA256 {
    private let context: OpaquePointer

    public init() {
        // Allocation fails only when memory is exhausted, where nothing else could proceed either.
        context = EVP_MD_CTX_new()!
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The 32 digest bytes; the hasher is spent afterwards.
    public func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest
    }

    /// The digest as 64 lower-case hex digits.
    public func finalizeHex() -> String { Hex.encode(finalize()) }

    /// The hex digest of bytes in memory. It skips EVP (see `tenkai_sha256` in COpenSSL): EVP's
    /// first use loads OpenSSL's configuration, a millisecond `tenkai synth` would pay at every start.
    public static func hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { buffer in tenkai_sha256(buffer.baseAddress, buffer.count, &digest) }
        return Hex.encode(digest)
    }

    /// The hex digest of a string's UTF-8 bytes.
    public static func hex(of text: String) -> String { hex(Array(text.utf8)) }

    /// The hex digest of `length` bytes of a file from `offset` (to its end without a length),
    /// read in 1 MiB pieces; a file shorter than asked is an error.
    public static func hex(ofFile path: String, offset: UInt64 = 0, length: UInt64? = nil) throws(FileError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(message: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var position = offset
        var remaining = length ?? UInt64.max
        while remaining > 0 {
            let wanted = Int(min(UInt64(buffer.count), remaining))
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(position)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(message: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 {
                guard length == nil else { throw FileError(message: "\(path) ends before byte \(offset + length!) (truncated?)") }
                break
            }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            position += UInt64(count)
            remaining -= UInt64(count)
        }
        return hasher.finalizeHex()
    }

    /// A file that could not be hashed, with why.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}

/// Lower-case hexadecimal, two digits a byte: how every digest in Tenkai is written.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
