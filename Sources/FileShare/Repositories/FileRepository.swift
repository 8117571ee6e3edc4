import Foundation
import SQLKit

/// Which files a list shows.
enum FileVisibility: Sendable {
    case current, deleted
}

/// Files and their versions. A file row mirrors its newest version for fast listing.
struct FileRepository: Sendable {
    let sql: any SQLDatabase

    static let columns = """
        f.id, f.project_id, f.folder, f.name, f.content_type, f.size, f.sha256, f.version, f.created_by,
        f.created_at, f.updated_at, f.deleted_at
        """

    static func decode(_ row: any SQLRow) throws -> StoredFile {
        StoredFile(id: try row.string("id"), projectId: try row.string("project_id"), folder: try row.string("folder"),
                   name: try row.string("name"), contentType: try row.string("content_type"), size: try row.int("size"),
                   sha256: try row.string("sha256"), version: try row.int("version"),
                   createdBy: try row.string("created_by"), createdAt: try row.date("created_at"),
                   updatedAt: try row.date("updated_at"), deletedAt: try row.optionalDate("deleted_at"))
    }

    static func decodeVersion(_ row: any SQLRow) throws -> FileVersion {
        FileVersion(fileId: try row.string("file_id"), version: try row.int("version"), size: try row.int("size"),
                    sha256: try row.string("sha256"), contentType: try row.string("content_type"),
                    createdBy: try row.string("created_by"), createdAt: try row.date("created_at"),
                    blobKey: try row.string("blob_key"))
    }

    /// Files of a project; `folder` limits the list to that folder and its sub-folders.
    func list(projectId: String, folder: String?, visibility: FileVisibility, _ query: ListQuery) async throws -> Page<StoredFile> {
        var from: SQLQueryString = "FROM files f WHERE f.project_id = \(bind: projectId)"
        from += visibility == .current ? " AND f.deleted_at IS NULL" : " AND f.deleted_at IS NOT NULL"
        if let folder, !folder.isEmpty {
            from += " AND (f.folder = \(bind: folder) OR f.folder LIKE \(bind: Self.likePrefix(folder)) ESCAPE '\\')"
        }
        return try await Lister<StoredFile>(
            columns: Self.columns, from: from,
            sortExpressions: [
                "name": "LOWER(f.name)", "size": "f.size", "createdAt": "f.created_at", "updatedAt": "f.updated_at",
                "folder": "f.folder",
            ],
            defaultSort: "name", uniqueColumn: "f.id", decode: Self.decode,
            searchText: { "\($0.folder) \($0.name)" }
        ).run(query, on: sql)
    }

    /// A `LIKE` pattern for everything under `folder/`, with the pattern's own wildcards escaped.
    static func likePrefix(_ folder: String) -> String {
        var escaped = ""
        for character in folder {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "/%"
    }

    func find(projectId: String, fileId: String) async throws -> StoredFile? {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM files f WHERE f.id = \(bind: fileId) AND f.project_id = \(bind: projectId)
            """).first().map(Self.decode)
    }

    func findCurrent(projectId: String, folder: String, name: String) async throws -> StoredFile? {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM files f
            WHERE f.project_id = \(bind: projectId) AND f.folder = \(bind: folder) AND f.name = \(bind: name)
              AND f.deleted_at IS NULL
            """).first().map(Self.decode)
    }

    /// Records a stored blob as version 1 of a new file.
    func createFile(projectId: String, folder: String, name: String, contentType: String,
                    blob: StoredBlob, createdBy: String) async throws -> StoredFile {
        let now = Clock.nowMicros()
        let file = StoredFile(id: Identifier.make(), projectId: projectId, folder: folder, name: name,
                              contentType: contentType, size: blob.size, sha256: blob.sha256, version: 1,
                              createdBy: createdBy, createdAt: Clock.date(micros: now),
                              updatedAt: Clock.date(micros: now), deletedAt: nil)
        try await sql.raw("""
            INSERT INTO files (id, project_id, folder, name, content_type, size, sha256, version, created_by, created_at, updated_at)
            VALUES (\(bind: file.id), \(bind: projectId), \(bind: folder), \(bind: name), \(bind: contentType),
                    \(bind: blob.size), \(bind: blob.sha256), 1, \(bind: createdBy), \(bind: now), \(bind: now))
            """).run()
        try await insertVersion(fileId: file.id, version: 1, contentType: contentType, blob: blob, createdBy: createdBy, at: now)
        return file
    }

    /// Records a stored blob as the next version of `file`.
    func addVersion(to file: StoredFile, contentType: String, blob: StoredBlob, createdBy: String) async throws -> StoredFile {
        let now = Clock.nowMicros()
        let next = (try await sql.raw("SELECT MAX(version) AS latest FROM file_versions WHERE file_id = \(bind: file.id)")
            .first()?.optionalInt("latest") ?? 0) + 1
        // The (file_id, version) key makes a concurrent upload of the same version fail rather than overwrite.
        try await insertVersion(fileId: file.id, version: next, contentType: contentType, blob: blob, createdBy: createdBy, at: now)
        try await sql.raw("""
            UPDATE files SET version = \(bind: next), size = \(bind: blob.size), sha256 = \(bind: blob.sha256),
                content_type = \(bind: contentType), updated_at = \(bind: now)
            WHERE id = \(bind: file.id) AND version < \(bind: next)
            """).run()
        var updated = file
        updated.version = next
        updated.size = blob.size
        updated.sha256 = blob.sha256
        updated.contentType = contentType
        updated.updatedAt = Clock.date(micros: now)
        return updated
    }

    private func insertVersion(fileId: String, version: Int, contentType: String, blob: StoredBlob,
                               createdBy: String, at now: Int) async throws {
        try await sql.raw("""
            INSERT INTO file_versions (file_id, version, blob_key, size, sha256, content_type, created_by, created_at)
            VALUES (\(bind: fileId), \(bind: version), \(bind: blob.key), \(bind: blob.size), \(bind: blob.sha256),
                    \(bind: contentType), \(bind: createdBy), \(bind: now))
            """).run()
    }

    func versions(fileId: String) async throws -> [FileVersion] {
        try await sql.raw("""
            SELECT file_id, version, blob_key, size, sha256, content_type, created_by, created_at
            FROM file_versions WHERE file_id = \(bind: fileId) ORDER BY version DESC
            """).all().map(Self.decodeVersion)
    }

    func version(fileId: String, number: Int) async throws -> FileVersion? {
        try await sql.raw("""
            SELECT file_id, version, blob_key, size, sha256, content_type, created_by, created_at
            FROM file_versions WHERE file_id = \(bind: fileId) AND version = \(bind: number)
            """).first().map(Self.decodeVersion)
    }

    func setDeleted(fileId: String, _ deleted: Bool) async throws {
        if deleted {
            try await sql.raw("UPDATE files SET deleted_at = \(bind: Clock.nowMicros()) WHERE id = \(bind: fileId)").run()
        } else {
            try await sql.raw("UPDATE files SET deleted_at = NULL WHERE id = \(bind: fileId)").run()
        }
    }

    /// Current files in a folder and its sub-folders (what a folder share link shows).
    func currentFiles(projectId: String, folder: String) async throws -> [StoredFile] {
        var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM files f WHERE f.project_id = \(bind: projectId) AND f.deleted_at IS NULL"
        if !folder.isEmpty {
            query += " AND (f.folder = \(bind: folder) OR f.folder LIKE \(bind: Self.likePrefix(folder)) ESCAPE '\\')"
        }
        query += " ORDER BY f.folder, LOWER(f.name) LIMIT 1000"
        return try await sql.raw(query).all().map(Self.decode)
    }
}
