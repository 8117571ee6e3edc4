import FoundationEssentials
import Hashing

/// `sha256:<hex>`: how OCI names a blob, a config and a manifest by their content.
public enum OCIDigest {
    public static func of(_ bytes: [UInt8]) -> String { "sha256:" + SHA256.hex(bytes) }

    public static func of(_ data: Data) -> String { of(Array(data)) }

    /// The digest of `length` bytes of a file from `offset` (a layer inside a saved image).
    public static func of(file path: String, offset: UInt64 = 0, length: UInt64? = nil) throws(ImageError) -> String {
        do {
            return "sha256:" + (try SHA256.hex(ofFile: path, offset: offset, length: length))
        } catch {
            throw ImageError(error.message)
        }
    }
}
