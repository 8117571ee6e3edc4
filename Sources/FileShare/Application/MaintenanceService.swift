import Foundation
import Logging
import ServiceLifecycle

/// Housekeeping at start-up and then every `interval`: abandoned multipart uploads expire (their
/// parts deleted), old password-guess records are dropped, and half-written files a crash left
/// behind are removed. Anonymous clients can therefore not grow the database or the disk forever.
struct MaintenanceService: Service {
    let services: AppServices
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let startedAt = services.clock.now()
        await runOnce(leftoversBefore: startedAt)
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            await runOnce(leftoversBefore: services.clock.now().addingTimeInterval(-86400))
        }
    }

    /// One round; each task logs and carries on when it fails.
    func runOnce(leftoversBefore cutoff: Date) async {
        let now = services.clock.now()
        do {
            try await services.loginLimiter.prune(now: now)
            let expired = try await services.uploads.expired(before: now.addingTimeInterval(-services.configuration.uploadLifetime))
            for upload in expired {
                try await services.uploads.delete(uploadId: upload.id)
                for part in upload.parts { try? await services.blobs.delete(key: part.blobKey) }
                if let direct = upload.directUpload, let store = services.blobs as? any DirectUploadStore {
                    try? await store.abortDirectUpload(direct)
                }
            }
            if let local = services.blobs as? LocalBlobStore {
                try await local.removeTemporaryFiles(olderThan: cutoff)
            }
        } catch {
            logger.warning("Housekeeping failed; it runs again later", metadata: ["error": .string(String(reflecting: error))])
        }
    }
}
