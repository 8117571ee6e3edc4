/// The non-root user an image runs as, written to `/etc/passwd` and `/etc/group` and to the
/// config's `User`. Its numbers should be the task definition's `User` (the DSL's
/// `Container.user`, `1000:1000` by default), so files the image makes writable belong to
/// whoever the task runs as.
public struct ImageUser: Sendable, Equatable {
    public var name: String
    public var uid: UInt32
    public var gid: UInt32

    public init(name: String = "app", uid: UInt32 = 1000, gid: UInt32 = 1000) {
        self.name = name
        self.uid = uid
        self.gid = gid
    }

    /// Reads a task definition's `uid:gid` (`"1000:1000"`); a name or a lone uid is refused,
    /// because the image's passwd file must give the exact numbers.
    public init(taskDefinitionUser text: String, name: String = "app") throws(ImageError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let uid = UInt32(parts[0]), let gid = UInt32(parts[1]) else {
            throw ImageError("user '\(text)' is not uid:gid (like 1000:1000); give the task's user as numbers")
        }
        self.init(name: name, uid: uid, gid: gid)
    }

    /// The config's `User` field: `uid:gid`.
    public var configUser: String { "\(uid):\(gid)" }
}
