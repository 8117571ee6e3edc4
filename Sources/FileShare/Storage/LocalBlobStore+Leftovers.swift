import Foundation
import NIOPosix

extension LocalBlobStore {
    /// Deletes half-written uploads in `tmp/` last modified before `cutoff` (left by a crash or a
    /// killed process); returns how many were removed.
    @discardableResult
    func removeTemporaryFiles(olderThan cutoff: Date) async throws -> Int {
        let directory = root + "/tmp"
        return try await threadPool.runIfActive {
            var removed = 0
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                let path = directory + "/" + name
                guard let modified = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date,
                      modified < cutoff else { continue }
                if (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
            }
            return removed
        }
    }
}
