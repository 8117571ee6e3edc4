import COpenSSL
import Foundation
import NIOCore

/// Incremental SHA-256 on OpenSSL's libcrypto, fed buffer by buffer while a file streams through.
///
/// ```swift
/// let hasher = SHA256Hasher()
/// hasher.update(buffer)
/// let hex = hasher.finalizeHex()
/// ```
final class SHA256Hasher {
    private let context: OpaquePointer

    init() {
        // Allocation fails only when memory is exhausted, where nothing else could proceed either.
        context = EVP_MD_CTX_new()!
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    func update(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { bytes in
            _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
        }
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return Self.hex(digest)
    }

    /// The hex SHA-256 of a string's UTF-8 bytes (token hashes).
    static func hex(of text: String) -> String {
        let hasher = SHA256Hasher()
        var text = text
        text.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
        return hasher.finalizeHex()
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
