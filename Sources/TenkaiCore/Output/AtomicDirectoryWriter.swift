import Foundation

/// Replaces a whole output folder at once: either every new file is there, or the previous
/// folder is left exactly as it was.
///
/// Files are written into a sibling staging folder first, which is then renamed into place;
/// the old folder is moved aside only for that instant and removed afterwards.
public enum AtomicDirectoryWriter {
    public static func replace(_ directory: URL, with files: [(path: String, bytes: [UInt8])]) throws(TenkaiError) {
        let fileManager = FileManager.default
        let parent = directory.deletingLastPathComponent()
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).staging-\(token)")
        let previous = parent.appendingPathComponent(".\(directory.lastPathComponent).previous-\(token)")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url)
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
        } catch {
            try? fileManager.removeItem(at: staging)
            throw TenkaiError(
                .io, "could not write \(directory.path): \(error.localizedDescription)",
                hint: "check that the folder is writable and the disk has space; the previous output is unchanged")
        }
    }
}
