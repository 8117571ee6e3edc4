import Foundation
import Hummingbird

/// The audit log of a project, for its owners: paged JSON and a CSV export.
struct AuditController: Sendable {
    let services: AppServices

    func addRoutes(to project: RouterGroup<AppRequestContext>) {
        project.get("audit", use: list)
        project.get("audit.csv", use: export)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<AuditEvent> {
        let (project, _) = try context.authorize(.readAudit)
        var query = try ListQuery(request: request, sortable: ["at", "action"])
        if request.query("order") == nil { query.descending = true }
        return try await services.auditLog.list(projectId: project.id, query)
    }

    @Sendable func export(request: Request, context: AppRequestContext) async throws -> Response {
        let (project, _) = try context.authorize(.readAudit)
        let events = try await services.auditLog.all(projectId: project.id)
        try await services.audit("audit.export", request: request, context: context, detail: "events=\(events.count)")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var csv = "at,action,actor_user_id,actor_link_id,file_id,ip,request_id,detail\r\n"
        for event in events {
            let fields = [formatter.string(from: event.at), event.action, event.actorUserId ?? "", event.actorLinkId ?? "",
                          event.fileId ?? "", event.ip, event.requestId, event.detail]
            csv += fields.map(CSV.field).joined(separator: ",") + "\r\n"
        }
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: ContentDisposition.attachment(fileName: "audit-\(project.id).csv"),
        ], body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}

/// CSV quoting (RFC 4180) that also defuses spreadsheet formulas: a field starting with
/// `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`.
enum CSV {
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || value != value.trimmingCharacters(in: .whitespaces) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
