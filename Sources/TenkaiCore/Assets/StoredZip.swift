/// A zip archive that depends only on its files: entries sorted by path, every time stamp
/// 1980-01-01 00:00 (zip's epoch), Unix modes `0644`/`0755`, no extra fields, and every file
/// stored (not deflated).
///
/// Stored, because the bytes then depend on nothing but the files (not on a compressor's
/// version or level) and Lambda unpacks stored archives as any other; function code is small,
/// and the bootstrap bucket keeps one copy per content hash.
///
/// ```swift
/// let zip = try StoredZip.archive([.init(path: "index.mjs", contents: Array(source.utf8))])
/// ```
public enum StoredZip {
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var contents: [UInt8]
        public var executable: Bool

        public init(path: String, contents: [UInt8], executable: Bool = false) {
            self.path = path
            self.contents = contents
            self.executable = executable
        }
    }

    public static func archive(_ entries: [Entry]) throws(TenkaiError) -> [UInt8] {
        let sorted = entries.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        guard sorted.count < 0xFFFF else {
            throw TenkaiError(.limitExceeded, "\(sorted.count) files are more than a zip without zip64 holds (65,534)")
        }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.path == later.path {
            throw TenkaiError(.invalidInput, "the file \(later.path) is in the archive twice")
        }
        var output: [UInt8] = []
        var central: [UInt8] = []
        for entry in sorted {
            let name = Array(entry.path.utf8)
            guard !name.isEmpty, name.count < 0xFFFF, output.count + entry.contents.count + 100 + name.count < 0xFFFF_FFFF else {
                throw TenkaiError(.limitExceeded, "the file \(entry.path) does not fit a zip without zip64 (4 GiB, 64 KiB names)")
            }
            let crc = CRC32.checksum(entry.contents)
            let offset = UInt32(output.count)
            // Local header: version 2.0, UTF-8 names, stored, 1980-01-01 00:00.
            output.append32(0x0403_4B50)
            output.append16(20); output.append16(0x0800); output.append16(0); output.append16(0); output.append16(0x0021)
            output.append32(crc); output.append32(UInt32(entry.contents.count)); output.append32(UInt32(entry.contents.count))
            output.append16(UInt16(name.count)); output.append16(0)
            output += name
            output += entry.contents

            central.append32(0x0201_4B50)
            central.append16(3 << 8 | 20)  // made by Unix, so the external attributes are a mode
            central.append16(20); central.append16(0x0800); central.append16(0); central.append16(0); central.append16(0x0021)
            central.append32(crc); central.append32(UInt32(entry.contents.count)); central.append32(UInt32(entry.contents.count))
            central.append16(UInt16(name.count)); central.append16(0); central.append16(0); central.append16(0); central.append16(0)
            central.append32((entry.executable ? 0o100755 : 0o100644) << 16)
            central.append32(offset)
            central += name
        }
        let centralOffset = UInt32(output.count)
        output += central
        output.append32(0x0605_4B50)
        output.append16(0); output.append16(0)
        output.append16(UInt16(sorted.count)); output.append16(UInt16(sorted.count))
        output.append32(UInt32(central.count)); output.append32(centralOffset)
        output.append16(0)
        return output
    }
}

/// CRC-32 (IEEE 802.3, as zip and gzip use it).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { value, _ in value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

private extension [UInt8] {
    mutating func append16(_ value: UInt16) {
        append(UInt8(value & 0xFF)); append(UInt8(value >> 8))
    }

    mutating func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
