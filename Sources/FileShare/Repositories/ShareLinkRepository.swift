import Foundation
import SQLKit

/// Share links, found by the hash of their token.
struct ShareLinkRepository: Sendable {
    let sql: any SQLDatabase

    static let columns = """
        l.id, l.project_id, l.file_id, l.folder, l.label, l.expires_at, l.max_downloads, l.download_count,
        l.allow_download, l.created_by, l.created_at, l.revoked_at, l.password_hash
        """

    static func decode(_ row: any SQLRow) throws -> ShareLink {
        ShareLink(id: try row.string("id"), projectId: try row.string("project_id"),
                  fileId: try row.optionalString("file_id"), folder: try row.optionalString("folder"),
                  label: try row.string("label"), expiresAt: try row.date("expires_at"),
                  maxDownloads: try row.optionalInt("max_downloads"), downloadCount: try row.int("download_count"),
                  allowDownload: try row.flag("allow_download"), createdBy: try row.string("created_by"),
                  createdAt: try row.date("created_at"), revokedAt: try row.optionalDate("revoked_at"),
                  passwordHash: try row.optionalString("password_hash"))
    }

    func create(_ link: ShareLink, tokenHash: String) async throws {
        try await sql.raw("""
            INSERT INTO share_links (id, project_id, file_id, folder, label, token_hash, password_hash, expires_at,
                                     max_downloads, download_count, allow_download, created_by, created_at)
            VALUES (\(bind: link.id), \(bind: link.projectId), \(bind: link.fileId), \(bind: link.folder),
                    \(bind: link.label), \(bind: tokenHash), \(bind: link.passwordHash),
                    \(bind: Clock.micros(link.expiresAt)), \(bind: link.maxDownloads), 0,
                    \(bind: link.allowDownload ? 1 : 0), \(bind: link.createdBy), \(bind: Clock.micros(link.createdAt)))
            """).run()
    }

    func find(tokenHash: String) async throws -> ShareLink? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM share_links l WHERE l.token_hash = \(bind: tokenHash)")
            .first().map(Self.decode)
    }

    func find(projectId: String, linkId: String) async throws -> ShareLink? {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM share_links l WHERE l.id = \(bind: linkId) AND l.project_id = \(bind: projectId)
            """).first().map(Self.decode)
    }

    func list(projectId: String, _ query: ListQuery) async throws -> Page<ShareLink> {
        try await Lister<ShareLink>(
            columns: Self.columns, from: "FROM share_links l WHERE l.project_id = \(bind: projectId)",
            sortExpressions: ["createdAt": "l.created_at", "expiresAt": "l.expires_at", "label": "LOWER(l.label)"],
            defaultSort: "createdAt", uniqueColumn: "l.id", decode: Self.decode,
            searchText: { "\($0.label) \($0.folder ?? "")" }
        ).run(query, on: sql)
    }

    /// Revokes every live link to one file (the file was deleted: restoring it must not silently
    /// reopen old links); returns how many.
    @discardableResult
    func revokeAll(fileId: String) async throws -> Int {
        try await sql.raw("""
            UPDATE share_links SET revoked_at = \(bind: Clock.nowMicros()) WHERE file_id = \(bind: fileId) AND revoked_at IS NULL
            RETURNING id
            """).all().count
    }

    func revoke(linkId: String) async throws {
        try await sql.raw("""
            UPDATE share_links SET revoked_at = \(bind: Clock.nowMicros()) WHERE id = \(bind: linkId) AND revoked_at IS NULL
            """).run()
    }

    /// Counts one download if the link still allows it, atomically, so a limit of N allows exactly N
    /// downloads even under concurrent requests.
    func claimDownload(linkId: String) async throws -> Bool {
        let now = Clock.nowMicros()
        let row = try await sql.raw("""
            UPDATE share_links SET download_count = download_count + 1
            WHERE id = \(bind: linkId) AND revoked_at IS NULL AND allow_download = 1 AND expires_at > \(bind: now)
              AND (max_downloads IS NULL OR download_count < max_downloads)
            RETURNING id
            """).first()
        return row != nil
    }
}
