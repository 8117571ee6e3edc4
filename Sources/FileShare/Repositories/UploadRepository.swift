import Foundation
import SQLKit

/// Resumable uploads and the parts received so far.
struct UploadRepository: Sendable {
    let sql: any SQLDatabase

    func create(projectId: String, fileId: String?, folder: String, name: String, contentType: String,
                createdBy: String, direct: DirectUpload? = nil) async throws -> Upload {
        let now = Clock.nowMicros()
        let upload = Upload(id: Identifier.make(), projectId: projectId, fileId: fileId, folder: folder, name: name,
                            contentType: contentType, createdBy: createdBy, createdAt: Clock.date(micros: now), parts: [],
                            direct: direct != nil, directUpload: direct)
        try await sql.raw("""
            INSERT INTO uploads (id, project_id, file_id, folder, name, content_type, created_by, created_at,
                                 direct_key, direct_upload_id)
            VALUES (\(bind: upload.id), \(bind: projectId), \(bind: fileId), \(bind: folder), \(bind: name),
                    \(bind: contentType), \(bind: createdBy), \(bind: now), \(bind: direct?.key), \(bind: direct?.uploadId))
            """).run()
        return upload
    }

    func find(projectId: String, uploadId: String) async throws -> Upload? {
        guard let row = try await sql.raw("""
            SELECT id, project_id, file_id, folder, name, content_type, created_by, created_at, direct_key, direct_upload_id
            FROM uploads WHERE id = \(bind: uploadId) AND project_id = \(bind: projectId)
            """).first() else { return nil }
        let parts = try await sql.raw("""
            SELECT part_number, size, sha256, blob_key FROM upload_parts WHERE upload_id = \(bind: uploadId) ORDER BY part_number
            """).all().map {
                UploadPart(partNumber: try $0.int("part_number"), size: try $0.int("size"),
                           sha256: try $0.string("sha256"), blobKey: try $0.string("blob_key"))
            }
        var direct: DirectUpload?
        if let key = try row.optionalString("direct_key"), let uploadId = try row.optionalString("direct_upload_id") {
            direct = DirectUpload(key: key, uploadId: uploadId)
        }
        return Upload(id: try row.string("id"), projectId: try row.string("project_id"),
                      fileId: try row.optionalString("file_id"), folder: try row.string("folder"),
                      name: try row.string("name"), contentType: try row.string("content_type"),
                      createdBy: try row.string("created_by"), createdAt: try row.date("created_at"), parts: parts,
                      direct: direct != nil, directUpload: direct)
    }

    /// Records a part, replacing an earlier copy of the same part; returns the replaced blob key.
    func putPart(uploadId: String, part: UploadPart) async throws -> String? {
        let previous = try await sql.raw("""
            SELECT blob_key FROM upload_parts WHERE upload_id = \(bind: uploadId) AND part_number = \(bind: part.partNumber)
            """).first()?.string("blob_key")
        try await sql.raw("""
            INSERT INTO upload_parts (upload_id, part_number, blob_key, size, sha256)
            VALUES (\(bind: uploadId), \(bind: part.partNumber), \(bind: part.blobKey), \(bind: part.size), \(bind: part.sha256))
            ON CONFLICT (upload_id, part_number) DO UPDATE
            SET blob_key = excluded.blob_key, size = excluded.size, sha256 = excluded.sha256
            """).run()
        return previous
    }

    /// Uploads started before `cutoff` and never completed or aborted, with their parts.
    func expired(before cutoff: Date) async throws -> [Upload] {
        let rows = try await sql.raw("""
            SELECT id, project_id FROM uploads WHERE created_at < \(bind: Clock.micros(cutoff)) ORDER BY created_at LIMIT 500
            """).all()
        var uploads: [Upload] = []
        for row in rows {
            if let upload = try await find(projectId: try row.string("project_id"), uploadId: try row.string("id")) {
                uploads.append(upload)
            }
        }
        return uploads
    }

    /// Bytes recorded for an upload's parts, leaving one part out (the one being replaced).
    func totalSize(uploadId: String, excludingPart partNumber: Int) async throws -> Int {
        try await sql.raw("""
            SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) AS total FROM upload_parts
            WHERE upload_id = \(bind: uploadId) AND part_number <> \(bind: partNumber)
            """).first()?.int("total") ?? 0
    }

    func delete(uploadId: String) async throws {
        try await sql.raw("DELETE FROM uploads WHERE id = \(bind: uploadId)").run()
    }
}
