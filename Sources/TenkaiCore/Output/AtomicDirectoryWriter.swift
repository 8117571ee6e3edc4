import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a whole output folder at once: either every new file is there, or the previous
/// folder is left exactly as it was.
///
/// Files are written into a sibling staging folder first, which is then renamed into place;
/// the old folder is moved aside only for that instant and removed afterwards. A folder that
/// already holds exactly the new bytes is left alone, so unchanged output keeps its timestamps
/// and costs no writes.
///
/// Files are not `fsync`ed: the output is derived and can always be rendered again, and the
/// rename already guarantees that a failed or interrupted run never leaves a half-written folder.
public enum AtomicDirectoryWriter {
    /// What ``replace(_:with:preserving:)`` did.
    public enum Outcome: Sendable, Equatable {
        case written
        case unchanged
    }

    /// Replaces `directory` with `files` (paths relative to it). Files named in `preserving` are
    /// carried over from the previous folder when the new set does not include them.
    @discardableResult
    public static func replace(
        _ directory: URL, with files: [(path: String, bytes: [UInt8])], preserving: Set<String> = []
    ) throws(TenkaiError) -> Outcome {
        if holds(directory, exactly: files, ignoring: preserving) { return .unchanged }
        let parent = directory.deletingLastPathComponent().path
        let token = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = "\(parent)/.\(directory.lastPathComponent).staging-\(token)"
        let previous = "\(parent)/.\(directory.lastPathComponent).previous-\(token)"
        do {
            try makeFolders(staging)
            var carried = files
            let written = Set(files.map(\.path))
            for name in preserving.sorted() where !written.contains(name) {
                if let bytes = read(directory.appendingPathComponent(name).path) { carried.append((name, bytes)) }
            }
            for file in carried {
                try create(file.bytes, at: "\(staging)/\(file.path)")
            }
            let hadPrevious = access(directory.path, F_OK) == 0
            if hadPrevious { try move(directory.path, to: previous) }
            do {
                try move(staging, to: directory.path)
            } catch {
                if hadPrevious { try? move(previous, to: directory.path) }
                throw error
            }
            if hadPrevious { try? FileManager.default.removeItem(atPath: previous) }
            return .written
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw TenkaiError(
                .io, "could not write \(directory.path): \(error)",
                hint: "check that the folder is writable and the disk has space; the previous output is unchanged")
        }
    }

    /// Whether `directory` holds these files, byte for byte, and nothing else (apart from `ignoring`).
    private static func holds(_ directory: URL, exactly files: [(path: String, bytes: [UInt8])], ignoring: Set<String>) -> Bool {
        guard let existing = try? FileManager.default.subpathsOfDirectory(atPath: directory.path) else { return false }
        var expected = Set(files.map(\.path))
        for path in expected {
            var components = path.split(separator: "/").dropLast()
            while !components.isEmpty {
                expected.insert(components.joined(separator: "/"))
                components = components.dropLast()
            }
        }
        guard Set(existing).subtracting(ignoring) == expected else { return false }
        return files.allSatisfy { fileHolds(directory.appendingPathComponent($0.path).path, exactly: $0.bytes) }
    }

    /// Whether the regular file at `path` holds exactly `bytes` (sizes compared before contents).
    private static func fileHolds(_ path: String, exactly bytes: [UInt8]) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) == bytes.count else {
            return false
        }
        guard !bytes.isEmpty else { return true }
        guard let existing = read(descriptor, count: bytes.count) else { return false }
        return existing.withUnsafeBytes { old in bytes.withUnsafeBytes { new in memcmp(old.baseAddress!, new.baseAddress!, new.count) == 0 } }
    }

    /// A regular file's bytes, or nil when it cannot be read.
    private static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return read(descriptor, count: Int(status.st_size))
    }

    /// `count` bytes from the start of an open file, or nil when it has fewer.
    private static func read(_ descriptor: Int32, count size: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + offset, size - offset, off_t(offset)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            offset += count
        }
        return bytes
    }

    /// Writes a new file (its folder created as needed); fails if it exists.
    private static func create(_ bytes: [UInt8], at path: String) throws(POSIXFailure) {
        if let slash = path.lastIndex(of: "/") { try makeFolders(String(path[..<slash])) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "create", path: path, code: errno) }
        defer { close(descriptor) }
        let failure = bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
        guard failure == 0 else { throw POSIXFailure(operation: "write", path: path, code: failure) }
    }

    /// `mkdir -p`.
    private static func makeFolders(_ path: String) throws(POSIXFailure) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/\(component)"
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw POSIXFailure(operation: "create the folder", path: prefix, code: errno)
            }
        }
    }

    private static func move(_ source: String, to destination: String) throws(POSIXFailure) {
        guard rename(source, destination) == 0 else { throw POSIXFailure(operation: "rename", path: source, code: errno) }
    }

    private struct POSIXFailure: Error, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32
        var description: String { "could not \(operation) \(path): \(String(cString: strerror(code)))" }
    }
}
