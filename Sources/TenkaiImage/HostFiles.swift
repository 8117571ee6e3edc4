import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// The few file-system reads the image builder does on the build machine.
enum HostFiles {
    static func read(_ path: String) throws(ImageError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImageError("cannot read \(path): \(exists(path) ? "permission denied or not a regular file" : "no such file")")
        }
        return [UInt8](data)
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// The path with every symbolic link resolved, or `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the file at `path` can be executed (any execute bit).
    static func isExecutable(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & 0o111 != 0
    }
}
