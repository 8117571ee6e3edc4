import Foundation

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
        let fileManager = FileManager.default
        let parent = directory.deletingLastPathComponent()
        let token = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).staging-\(token)")
        let previous = parent.appendingPathComponent(".\(directory.lastPathComponent).previous-\(token)")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            var carried = files
            let written = Set(files.map(\.path))
            for name in preserving.sorted() where !written.contains(name) {
                if let bytes = read(directory.appendingPathComponent(name).path) { carried.append((name, bytes)) }
            }
            for file in carried {
                try create(file.bytes, at: staging.appendingPathComponent(file.path))
            }
            let hadPrevious = fileManager.fileExists(atPath: directory.path)
            if hadPrevious { try fileManager.moveItem(at: directory, to: previous) }
            do {
                try fileManager.moveItem(at: staging, to: directory)
            } catch {
                if hadPrevious { try? fileManager.moveItem(at: previous, to: directory) }
                throw error
            }
            if hadPrevious { try? fileManager.removeItem(at: previous) }
            return .written
        } catch {
            try? fileManager.removeItem(at: staging)
            throw TenkaiError(
                .io, "could not write \(directory.path): \(describe(error))",
                hint: "check that the folder is writable and the disk has space; the previous output is unchanged")
        }
    }

    /// Whether `directory` holds these files, byte for byte, and nothing else (apart from `ignoring`).
    private static func holds(_ directory: URL, exactly files: [(path: String, bytes: [UInt8])], ignoring: Set<String>) -> Bool {
        guard let existing = try? FileManager.default.subpathsOfDirectory(atPath: directory.path) else { return false }
        var expected = Set(files.map(\.path))
        for path in expected {
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty {
                expected.insert(folder)
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        guard Set(existing).subtracting(ignoring) == expected else { return false }
        return files.allSatisfy { read(directory.appendingPathComponent($0.path).path) == $0.bytes }
    }

    /// A regular file's bytes, or nil when it cannot be read.
    private static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + offset, size - offset, off_t(offset)) }
            guard count > 0 else { return nil }
            offset += count
        }
        return bytes
    }

    /// Writes a new file (its folder created as needed); fails if it exists.
    private static func create(_ bytes: [UInt8], at url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "create \(url.lastPathComponent)", code: errno) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw POSIXFailure(operation: "write \(url.lastPathComponent)", code: errno) }
            offset += count
        }
    }

    private static func describe(_ error: any Error) -> String {
        (error as? POSIXFailure)?.description ?? error.localizedDescription
    }

    private struct POSIXFailure: Error, CustomStringConvertible {
        let operation: String
        let code: Int32
        var description: String { "could not \(operation): \(String(cString: strerror(code)))" }
    }
}
