import FoundationEssentials

#if canImport(Glibc)
import Glibc
import Hashing
#endif

/// Function code packaged from a folder of the repository: every file in it, zipped with
/// ``StoredZip``, named by the SHA-256 of the zip. The same files give the same bytes and the
/// same key, so synth stays deterministic and deploy uploads a package only when it is new.
///
/// ```swift
/// let asset = try CodeAsset(folder: "Stacks/StampRally/functions/collect-stamp", root: repository)
/// asset.key   // "assets/3f1c…e9.zip" in the bootstrap bucket
/// ```
public struct CodeAsset: Sendable, Hashable {
    /// The folder as given (relative to the repository root).
    public let folder: String
    public let zip: [UInt8]
    /// Lower-case hex SHA-256 of ``zip``.
    public let sha256: String

    /// The template metadata entry (`{"Folder": …, "Key": …}`) on a resource whose code this is,
    /// which tells deploy what to upload.
    public static let metadataKey = "tenkai:asset"

    /// The object key in the bootstrap bucket: `assets/<sha256>.zip`.
    public var key: String { "assets/\(sha256).zip" }

    /// Folders left out of every package: Python's bytecode caches, which running the code
    /// locally or in a test writes next to it (Lambda compiles its own), so they would change
    /// the hash without changing the code.
    public static let ignoredFolders: Set<String> = ["__pycache__"]

    /// Reads every regular file below `folder` (relative to `root`, or absolute). Symbolic
    /// links and other special files are refused: a package must not depend on what they point at.
    public init(folder: String, root: URL) throws(TenkaiError) {
        let base = folder.hasPrefix("/") ? folder : root.appendingPathComponent(folder).path
        var entries: [StoredZip.Entry] = []
        try Self.collect(base, relative: "", into: &entries, folder: folder)
        guard !entries.isEmpty else {
            throw TenkaiError(.invalidInput, "the function code folder \(folder) has no files", hint: "put the handler's files in it, or fix the path")
        }
        self.folder = folder
        self.zip = try StoredZip.archive(entries)
        self.sha256 = SHA256.hex(zip)
    }

    private static func collect(_ directory: String, relative: String, into entries: inout [StoredZip.Entry], folder: String) throws(TenkaiError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw TenkaiError(.notFound, "cannot read the function code folder \(folder)\(relative.isEmpty ? "" : "/" + relative)", hint: "create it, or fix the path (relative to the repository root)")
        }
        for name in names.sorted() {
            let path = directory + "/" + name
            let inside = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { throw TenkaiError(.io, "cannot read \(folder)/\(inside)") }
            switch status.st_mode & S_IFMT {
            case S_IFDIR where Self.ignoredFolders.contains(name):
                continue
            case S_IFDIR:
                try collect(path, relative: inside, into: &entries, folder: folder)
            case S_IFREG:
                guard let data = FileManager.default.contents(atPath: path) else { throw TenkaiError(.io, "cannot read \(folder)/\(inside)") }
                entries.append(StoredZip.Entry(path: inside, contents: [UInt8](data), executable: status.st_mode & 0o100 != 0))
            default:
                throw TenkaiError(
                    .invalidInput, "\(folder)/\(inside) is a symbolic link or a special file",
                    hint: "function code folders hold regular files only; copy the target in instead")
            }
        }
    }
}
