/// What the dynamic loader reads from a 64-bit little-endian ELF file (x86-64 and arm64 Linux):
/// its machine, its program interpreter (the loader) and the dynamic section's `DT_NEEDED`,
/// `DT_RUNPATH`, `DT_RPATH` and `DT_SONAME` strings. Enough to collect a binary's libraries
/// without running `ldd` (which runs the binary's own loader on it).
public struct ELFFile: Sendable, Equatable {
    public enum Machine: Sendable, Equatable {
        case x86_64, arm64

        /// The OCI `architecture` (`amd64`, `arm64`).
        public var ociArchitecture: String { self == .x86_64 ? "amd64" : "arm64" }
        /// Debian's multiarch directory name (`x86_64-linux-gnu`).
        public var multiarchTriple: String { self == .x86_64 ? "x86_64-linux-gnu" : "aarch64-linux-gnu" }
    }

    public var machine: Machine
    /// `PT_INTERP`: the loader's path (`/lib64/ld-linux-x86-64.so.2`); `nil` for a static binary or a library.
    public var interpreter: String?
    public var needed: [String]
    /// `DT_RUNPATH`, or `DT_RPATH` when there is no run path, split at `:`.
    public var runPaths: [String]
    public var soname: String?

    /// Reads `bytes`; `path` only names the file in errors.
    public init(bytes: [UInt8], path: String) throws(ImageError) {
        guard bytes.count >= 64, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            let start = String(decoding: bytes.prefix(4).map { (32...126).contains($0) ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
            throw ImageError("\(path) is not an ELF file (it starts with \"\(start)\"); an image needs a Linux binary")
        }
        guard bytes[4] == 2, bytes[5] == 1 else {
            throw ImageError("\(path) is a 32-bit or big-endian ELF file; images are built for 64-bit little-endian Linux (x86-64, arm64)")
        }
        let reader = Reader(bytes: bytes, path: path)
        switch try reader.u16(18) {
        case 62: machine = .x86_64
        case 183: machine = .arm64
        case let other: throw ImageError("\(path) is for ELF machine \(other); images are built for x86-64 (62) and arm64 (183)")
        }
        let headerOffset = try reader.u64(32)
        let headerSize = UInt64(try reader.u16(54))
        let headerCount = UInt64(try reader.u16(56))

        var loads: [(address: UInt64, offset: UInt64, size: UInt64)] = []
        var dynamic: (offset: UInt64, size: UInt64)?
        var interpreter: String?
        for index in 0..<headerCount {
            let header = headerOffset + index * headerSize
            let type = try reader.u32(header)
            let offset = try reader.u64(header + 8)
            let address = try reader.u64(header + 16)
            let fileSize = try reader.u64(header + 32)
            switch type {
            case 1: loads.append((address, offset, fileSize))
            case 2: dynamic = (offset, fileSize)
            case 3: interpreter = try reader.string(at: offset)
            default: break
            }
        }
        self.interpreter = interpreter

        var neededOffsets: [UInt64] = []
        var runPath: UInt64?, rPath: UInt64?, sonameOffset: UInt64?
        var stringTableAddress: UInt64?
        if let dynamic {
            var entry = dynamic.offset
            entries: while entry + 16 <= dynamic.offset + dynamic.size {
                let tag = try reader.u64(entry)
                let value = try reader.u64(entry + 8)
                switch tag {
                case 0: break entries
                case 1: neededOffsets.append(value)
                case 5: stringTableAddress = value
                case 14: sonameOffset = value
                case 15: rPath = value
                case 29: runPath = value
                default: break
                }
                entry += 16
            }
        }
        guard let stringTableAddress else {
            (needed, runPaths, soname) = ([], [], nil)
            return
        }
        guard let segment = loads.first(where: { $0.address <= stringTableAddress && stringTableAddress < $0.address + $0.size }) else {
            throw ImageError("\(path): the dynamic string table's address \(stringTableAddress) is in no loaded segment (damaged ELF file?)")
        }
        let table = stringTableAddress - segment.address + segment.offset
        needed = try neededOffsets.map { (offset) throws(ImageError) in try reader.string(at: table + offset) }
        let paths = try (runPath ?? rPath).map { (offset) throws(ImageError) in try reader.string(at: table + offset) }
        runPaths = paths.map { $0.split(separator: ":").map(String.init) } ?? []
        soname = try sonameOffset.map { (offset) throws(ImageError) in try reader.string(at: table + offset) }
    }

    private struct Reader {
        let bytes: [UInt8]
        let path: String

        func check(_ offset: UInt64, _ count: UInt64) throws(ImageError) -> Int {
            guard offset <= UInt64(bytes.count), UInt64(bytes.count) - offset >= count else {
                throw ImageError("\(path) is cut short: the ELF file points at byte \(offset), past its end (\(bytes.count) bytes)")
            }
            return Int(offset)
        }

        func u16(_ offset: UInt64) throws(ImageError) -> UInt16 {
            let at = try check(offset, 2)
            return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
        }

        func u32(_ offset: UInt64) throws(ImageError) -> UInt32 {
            let at = try check(offset, 4)
            return (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
        }

        func u64(_ offset: UInt64) throws(ImageError) -> UInt64 {
            let at = try check(offset, 8)
            return (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * $1) }
        }

        func string(at offset: UInt64) throws(ImageError) -> String {
            let start = try check(offset, 0)
            guard let end = bytes[start...].firstIndex(of: 0) else {
                throw ImageError("\(path): a string at byte \(offset) runs to the end of the file (damaged ELF file?)")
            }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }
}
