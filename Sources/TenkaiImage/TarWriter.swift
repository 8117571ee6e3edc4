/// Writes a POSIX ustar archive that depends only on its entries: sorted by path, every time
/// stamp the same (`SOURCE_DATE_EPOCH`, or 0), owners by number with no user or group names,
/// no device numbers, and missing parent directories added (root-owned, `0755`).
///
/// ```swift
/// let layer = try TarWriter.archive([.file("etc/passwd", Array(passwd.utf8))], modificationTime: 0)
/// ```
public enum TarWriter {
    public static func archive(_ entries: [TarEntry], modificationTime: Int) throws(ImageError) -> [UInt8] {
        var byPath: [String: TarEntry] = [:]
        for entry in entries {
            let path = try normalized(entry.path)
            if let existing = byPath[path], existing != entry {
                throw ImageError("two different entries for /\(path) in one layer")
            }
            byPath[path] = TarEntry(path: path, kind: entry.kind, mode: entry.mode, uid: entry.uid, gid: entry.gid)
        }
        for path in Array(byPath.keys) {
            var parent = path
            while let slash = parent.lastIndex(of: "/") {
                parent = String(parent[..<slash])
                if case .file = byPath[parent]?.kind {
                    throw ImageError("/\(parent) is a file in the layer but /\(path) needs it to be a directory")
                }
                if byPath[parent] == nil { byPath[parent] = .directory(parent) }
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(byPath.values.reduce(1024) { total, entry in
            guard case .file(let contents) = entry.kind else { return total + 512 }
            return total + 512 + (contents.count + 511) / 512 * 512
        })
        for path in byPath.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let entry = byPath[path]!
            switch entry.kind {
            case .directory:
                output += try header(name: path + "/", entry: entry, size: 0, type: "5", time: modificationTime)
            case .file(let contents):
                output += try header(name: path, entry: entry, size: contents.count, type: "0", time: modificationTime)
                output += contents
                output += [UInt8](repeating: 0, count: (512 - contents.count % 512) % 512)
            }
        }
        output += [UInt8](repeating: 0, count: 1024)
        return output
    }

    private static func normalized(_ path: String) throws(ImageError) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.isEmpty, !parts.contains(where: { $0 == "." || $0 == ".." }) else {
            throw ImageError("'\(path)' is not a usable path inside an image (empty, or with . or ..)")
        }
        return parts.joined(separator: "/")
    }

    private static func header(name: String, entry: TarEntry, size: Int, type: Character, time: Int) throws(ImageError) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        let bytes = Array(name.utf8)
        if bytes.count <= 100 {
            block.replaceSubrange(0..<bytes.count, with: bytes)
        } else {
            // ustar splits a long path at a slash: up to 155 bytes of prefix, up to 100 of name.
            guard let split = bytes.indices.last(where: { bytes[$0] == UInt8(ascii: "/") && $0 <= 155 && bytes.count - $0 - 1 <= 100 }) else {
                throw ImageError("the path /\(name) is too long for a tar header (at most 255 bytes, with a / near the end)")
            }
            block.replaceSubrange(345..<(345 + split), with: bytes[..<split])
            block.replaceSubrange(0..<(bytes.count - split - 1), with: bytes[(split + 1)...])
        }
        octal(entry.mode & 0o7777, width: 8, at: 100, in: &block)
        octal(UInt64(entry.uid), width: 8, at: 108, in: &block)
        octal(UInt64(entry.gid), width: 8, at: 116, in: &block)
        guard size < 0o77777777777 else { throw ImageError("/\(name) is larger than a ustar entry can hold (8 GiB)") }
        octal(UInt64(size), width: 12, at: 124, in: &block)
        octal(UInt64(max(time, 0)), width: 12, at: 136, in: &block)
        block[156] = type.asciiValue!
        block.replaceSubrange(257..<263, with: Array("ustar\0".utf8))
        block.replaceSubrange(263..<265, with: Array("00".utf8))
        octal(0, width: 8, at: 329, in: &block)
        octal(0, width: 8, at: 337, in: &block)
        // The checksum is computed with its own field as spaces, then written as 6 digits, NUL, space.
        block.replaceSubrange(148..<156, with: [UInt8](repeating: 0x20, count: 8))
        let sum = block.reduce(0) { $0 + UInt64($1) }
        octal(sum, width: 7, at: 148, in: &block)
        block[155] = 0x20
        return block
    }

    /// Writes `value` as zero-padded octal digits filling `width - 1` bytes, then a NUL.
    private static func octal<Number: BinaryInteger>(_ value: Number, width: Int, at offset: Int, in block: inout [UInt8]) {
        let digits = Array(String(value, radix: 8).utf8)
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, width - 1 - digits.count)) + digits
        block.replaceSubrange(offset..<(offset + width - 1), with: padded)
        block[offset + width - 1] = 0
    }
}
