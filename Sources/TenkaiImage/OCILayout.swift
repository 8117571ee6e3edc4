import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// An OCI image layout folder: `oci-layout`, `index.json` and `blobs/sha256/<hex>`.
public enum OCILayout {
    /// Writes a complete layout next to `path`, then puts it in place: `path` holds the old
    /// layout or the new one, never half of one.
    public static func write(blobs: [(digest: String, bytes: [UInt8])], index: OCIIndex, to path: String) throws(ImageError) {
        let staging = path + ".partial"
        let files = FileManager.default
        try? files.removeItem(atPath: staging)
        do {
            try files.createDirectory(atPath: staging + "/blobs/sha256", withIntermediateDirectories: true)
            for blob in blobs {
                try Data(blob.bytes).write(to: URL(fileURLWithPath: staging + "/blobs/sha256/" + hex(blob.digest)))
            }
            try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: staging + "/oci-layout"))
            try Data(try CanonicalJSON.encode(index)).write(to: URL(fileURLWithPath: staging + "/index.json"))
            if files.fileExists(atPath: path) { try files.removeItem(atPath: path) }
        } catch let error as ImageError {
            throw error
        } catch {
            throw ImageError("cannot write the image layout \(path): \(error)")
        }
        guard rename(staging, path) == 0 else {
            throw ImageError("cannot move the image layout into \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The hex part of `sha256:<hex>`.
    static func hex(_ digest: String) -> String {
        String(digest.dropFirst("sha256:".count))
    }

    /// Checks a digest is `sha256:` and 64 lower-case hex digits, so it can name a file.
    static func validated(_ digest: String, in what: String) throws(ImageError) -> String {
        let hexPart = digest.utf8.dropFirst("sha256:".count)
        guard digest.hasPrefix("sha256:"), hexPart.count == 64,
              hexPart.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else {
            throw ImageError("\(what) names the digest '\(digest)', which is not sha256:<64 hex digits>")
        }
        return digest
    }
}
