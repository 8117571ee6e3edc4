import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Lists a tar archive's members and where their bytes are, without loading them: a
/// `docker save` tarball is read in place and its layers are uploaded straight from it.
///
/// Reads ustar, pax (`path=` records) and GNU long names, which is what docker, GNU tar and
/// our own ``TarWriter`` produce.
public struct TarReader {
    /// One archive member.
    public struct Member: Sendable, Equatable {
        /// The member's path without a leading `./` or `/` (directories without a trailing `/`).
        public var path: String
        /// `0` a file, `5` a directory, `2` a symbolic link, …
        public var type: UInt8
        /// Where its contents start in the archive, and how many bytes they are.
        public var offset: UInt64
        public var size: UInt64
        public var mode: UInt32
        public var uid: UInt32
        public var gid: UInt32
        public var linkTarget: String

        public var isDirectory: Bool { type == UInt8(ascii: "5") }
        public var isFile: Bool { type == UInt8(ascii: "0") || type == 0 }
    }

    private let read: (UInt64, Int) throws(ImageError) -> [UInt8]

    /// A reader over bytes in memory.
    public init(bytes: [UInt8]) {
        read = { (offset, count) throws(ImageError) in
            let start = Int(min(offset, UInt64(bytes.count)))
            return Array(bytes[start..<min(start + count, bytes.count)])
        }
    }

    /// A reader over a file, read with `pread` as members are listed.
    public init(descriptor: Int32, path: String) {
        read = { (offset, count) throws(ImageError) in
            var buffer = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled)) }
                if got < 0 && errno == EINTR { continue }
                guard got >= 0 else { throw ImageError("cannot read \(path): \(String(cString: strerror(errno)))") }
                if got == 0 { break }
                filled += got
            }
            return Array(buffer[..<filled])
        }
    }

    /// Every member, in archive order.
    public func members() throws(ImageError) -> [Member] {
        var members: [Member] = []
        var offset: UInt64 = 0
        var longName: String?
        while true {
            let block = try read(offset, 512)
            guard block.count == 512 else { throw ImageError("the tar archive ends inside a header at byte \(offset) (truncated?)") }
            if block.allSatisfy({ $0 == 0 }) { break }
            try verifyChecksum(block, at: offset)
            let size = try number(block[124..<136], field: "size", at: offset)
            let contents = offset + 512
            let next = contents + (size + 511) / 512 * 512
            let type = block[156]
            switch type {
            case UInt8(ascii: "x"):
                longName = Self.paxPath(try read(contents, Int(size))) ?? longName
            case UInt8(ascii: "L"):
                longName = String(decoding: try read(contents, Int(size)).prefix { $0 != 0 }, as: UTF8.self)
            case UInt8(ascii: "g"):
                break
            default:
                var path = longName ?? Self.string(block[0..<100])
                if longName == nil, block[257..<262].elementsEqual("ustar".utf8) {
                    let prefix = Self.string(block[345..<500])
                    if !prefix.isEmpty { path = prefix + "/" + path }
                }
                longName = nil
                members.append(Member(
                    path: Self.clean(path), type: type, offset: contents, size: size,
                    mode: UInt32(try number(block[100..<108], field: "mode", at: offset)),
                    uid: UInt32(try number(block[108..<116], field: "uid", at: offset)),
                    gid: UInt32(try number(block[116..<124], field: "gid", at: offset)),
                    linkTarget: Self.string(block[157..<257])))
            }
            offset = next
        }
        return members
    }

    /// The bytes of one member.
    public func contents(of member: Member) throws(ImageError) -> [UInt8] {
        try read(member.offset, Int(member.size))
    }

    private func verifyChecksum(_ block: [UInt8], at offset: UInt64) throws(ImageError) {
        let stored = try number(block[148..<156], field: "checksum", at: offset)
        var sum: UInt64 = 0
        for (index, byte) in block.enumerated() { sum += (148..<156).contains(index) ? 0x20 : UInt64(byte) }
        guard sum == stored else { throw ImageError("the tar header at byte \(offset) has a wrong checksum: not a tar archive, or damaged") }
    }

    private func number(_ field: ArraySlice<UInt8>, field name: String, at offset: UInt64) throws(ImageError) -> UInt64 {
        if let first = field.first, first & 0x80 != 0 {
            // GNU base-256: the remaining bytes big-endian.
            return field.dropFirst().reduce(UInt64(first & 0x7F)) { $0 << 8 | UInt64($1) }
        }
        let digits = field.filter { $0 != 0 && $0 != 0x20 }
        guard let value = UInt64(String(decoding: digits, as: UTF8.self).isEmpty ? "0" : String(decoding: digits, as: UTF8.self), radix: 8) else {
            throw ImageError("the tar header at byte \(offset) has an unreadable \(name) field")
        }
        return value
    }

    private static func string(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func clean(_ path: String) -> String {
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        while path.hasPrefix("/") { path = path.dropFirst() }
        while path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }

    /// The `path` record of a pax extended header (`<length> path=<value>\n` records).
    private static func paxPath(_ bytes: [UInt8]) -> String? {
        var rest = bytes[...]
        while let space = rest.firstIndex(of: 0x20), let length = Int(String(decoding: rest[rest.startIndex..<space], as: UTF8.self)),
              length > 0, rest.count >= length {
            let record = rest[(space + 1)..<(rest.startIndex + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")), String(decoding: record[..<equals], as: UTF8.self) == "path" {
                return String(decoding: record[(equals + 1)...], as: UTF8.self)
            }
            rest = rest[(rest.startIndex + length)...]
        }
        return nil
    }
}
