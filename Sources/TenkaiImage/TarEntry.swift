/// One file or directory of an image layer, owned and timed as the layer says.
public struct TarEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case directory
        case file([UInt8])
    }

    /// The path inside the image, without a leading `/` (`usr/lib/x86_64-linux-gnu/libc.so.6`).
    public var path: String
    public var kind: Kind
    /// Permission bits (`0o755`; `0o1777` for `/tmp`).
    public var mode: UInt32
    public var uid: UInt32
    public var gid: UInt32

    public init(path: String, kind: Kind, mode: UInt32, uid: UInt32 = 0, gid: UInt32 = 0) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.uid = uid
        self.gid = gid
    }

    public static func directory(_ path: String, mode: UInt32 = 0o755, uid: UInt32 = 0, gid: UInt32 = 0) -> TarEntry {
        TarEntry(path: path, kind: .directory, mode: mode, uid: uid, gid: gid)
    }

    public static func file(_ path: String, _ contents: [UInt8], mode: UInt32 = 0o644) -> TarEntry {
        TarEntry(path: path, kind: .file(contents), mode: mode)
    }
}
