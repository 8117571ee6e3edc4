import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// The few file-system reads the image builder does on the build machine.
enum HostFiles {
    /// The whole file, read straight into one array (binaries are tens of megabytes).
    static func read(_ path: String) throws(ImageError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            let reason = descriptor < 0 ? String(cString: strerror(errno)) : "not a regular file"
            if descriptor >= 0 { close(descriptor) }
            throw ImageError("cannot read \(path): \(reason)")
        }
        defer { close(descriptor) }
        let size = Int(status.st_size)
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + count, size - count)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { failure = got < 0 ? errno : EIO; break }
                count += got
            }
        }
        guard failure == 0 else { throw ImageError("cannot read \(path): \(String(cString: strerror(failure)))") }
        return bytes
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
