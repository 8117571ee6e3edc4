import Foundation
import SQLKit

/// The append-only audit log: this type can add and read events, never change them (and the
/// database refuses updates and deletes with a trigger).
struct AuditRepository: Sendable {
    let sql: any SQLDatabase

    static let columns = "a.id, a.at, a.project_id, a.actor_user_id, a.actor_link_id, a.action, a.file_id, a.detail, a.ip, a.request_id"

    static func decode(_ row: any SQLRow) throws -> AuditEvent {
        AuditEvent(id: try row.string("id"), at: try row.date("at"), projectId: try row.optionalString("project_id"),
                   actorUserId: try row.optionalString("actor_user_id"), actorLinkId: try row.optionalString("actor_link_id"),
                   action: try row.string("action"), fileId: try row.optionalString("file_id"),
                   detail: try row.string("detail"), ip: try row.string("ip"), requestId: try row.string("request_id"))
    }

    func append(_ event: AuditEvent) async throws {
        try await sql.raw("""
            INSERT INTO audit_events (id, at, project_id, actor_user_id, actor_link_id, action, file_id, detail, ip, request_id)
            VALUES (\(bind: event.id), \(bind: Clock.micros(event.at)), \(bind: event.projectId), \(bind: event.actorUserId),
                    \(bind: event.actorLinkId), \(bind: event.action), \(bind: event.fileId), \(bind: event.detail),
                    \(bind: event.ip), \(bind: event.requestId))
            """).run()
    }

    /// Whether `action` was recorded for this link from this address since `since` (to record
    /// repeated anonymous views once, not on every reload).
    func recorded(_ action: String, linkId: String, ip: String, since: Date) async throws -> Bool {
        try await sql.raw("""
            SELECT id FROM audit_events WHERE actor_link_id = \(bind: linkId) AND action = \(bind: action)
              AND ip = \(bind: ip) AND at > \(bind: Clock.micros(since)) LIMIT 1
            """).first() != nil
    }

    func list(projectId: String, _ query: ListQuery) async throws -> Page<AuditEvent> {
        try await Lister<AuditEvent>(
            columns: Self.columns, from: "FROM audit_events a WHERE a.project_id = \(bind: projectId)",
            sortExpressions: ["at": "a.at", "action": "a.action"],
            defaultSort: "at", uniqueColumn: "a.id", decode: Self.decode,
            searchText: { "\($0.action) \($0.detail) \($0.ip)" }
        ).run(query, on: sql)
    }

    /// Every event of a project, oldest first (for CSV export).
    func all(projectId: String) async throws -> [AuditEvent] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM audit_events a WHERE a.project_id = \(bind: projectId) ORDER BY a.at, a.id
            """).all().map(Self.decode)
    }
}
