/// A file of a cloud assembly that deploy uploads before the stacks that use it: a function's
/// code package, `assets/<sha256>.zip`. The manifest lists each one so a deploy from the
/// assembly alone (no sources) has the exact bytes synth packaged, and can check them.
public struct AssemblyAsset: Sendable, Hashable {
    /// The file inside the assembly folder (`assets/<sha256>.zip`).
    public var path: String
    public var sha256: String
    public var bytes: Int
    /// The object key in the bootstrap bucket the templates name (`assets/<sha256>.zip`).
    public var bucketKey: String
    /// The source folder synth packaged, relative to the project root (for people; deploy never reads it).
    public var source: String
    /// Names of the stacks whose templates use it, in deploy order.
    public var stacks: [String]

    public init(path: String, sha256: String, bytes: Int, bucketKey: String, source: String, stacks: [String]) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.bucketKey = bucketKey
        self.source = source
        self.stacks = stacks
    }

    /// The entry for a packaged function folder, used by `stacks`.
    public init(_ asset: CodeAsset, stacks: [String]) {
        self.init(path: asset.key, sha256: asset.sha256, bytes: asset.zip.count, bucketKey: asset.key, source: asset.folder, stacks: stacks)
    }

    public var value: Value {
        [
            "path": .string(path),
            "sha256": .string(sha256),
            "bytes": .int(bytes),
            "bucketKey": .string(bucketKey),
            "source": .string(source),
            "stacks": .list(stacks.map(Value.string)),
        ]
    }

    init(reading reader: ValueReader) throws(TenkaiError) {
        path = try reader.string("path")
        sha256 = try reader.string("sha256")
        bytes = try reader.int("bytes")
        bucketKey = try reader.string("bucketKey")
        source = try reader.string("source")
        stacks = try reader.stringList("stacks")
        // The path is read as a file of the assembly folder: it must stay inside it.
        guard Self.isAssetName(path), Self.isAssetName(bucketKey), path == "assets/\(sha256).zip" else {
            throw reader.error("the asset '\(path)' must be named assets/<its sha256>.zip")
        }
    }

    /// `assets/` followed by 64 lower-case hex digits and `.zip`.
    static func isAssetName(_ name: String) -> Bool {
        guard name.hasPrefix("assets/"), name.hasSuffix(".zip") else { return false }
        let digest = name.dropFirst("assets/".count).dropLast(".zip".count)
        return digest.count == 64 && digest.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }
}

/// An asset's bytes, read from the assembly and checked against the manifest: what deploy uploads.
public struct StagedAsset: Sendable, Hashable {
    public var bucketKey: String
    public var sha256: String
    public var contents: [UInt8]

    public init(bucketKey: String, sha256: String, contents: [UInt8]) {
        self.bucketKey = bucketKey
        self.sha256 = sha256
        self.contents = contents
    }
}
