import Foundation
import HTTPTypes
import Hummingbird

/// Files of a project: streamed upload, listing, versions, streamed download with Range, soft
/// delete and restore.
struct FileController: Sendable {
    let services: AppServices

    var downloads: DownloadResponder { DownloadResponder(blobs: services.blobs, metrics: services.metrics) }

    func addRoutes(to project: RouterGroup<AppRequestContext>) {
        project.get("files", use: list)
        project.post("files", use: upload)
        project.get("files/:fileId", use: read)
        project.get("files/:fileId/content", use: download)
        project.get("files/:fileId/versions", use: versions)
        project.post("files/:fileId/versions", use: uploadVersion)
        project.get("files/:fileId/versions/:version/content", use: downloadVersion)
        project.delete("files/:fileId", use: delete)
        project.post("files/:fileId/restore", use: restore)
    }

    struct FileDetail: Codable, Sendable {
        var file: StoredFile
        var versions: [FileVersion]
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<StoredFile> {
        let deleted = request.query("deleted") == "true"
        let (project, _) = try context.authorize(deleted ? .listDeletedFiles : .listFiles)
        let query = try ListQuery(request: request, sortable: ["name", "size", "createdAt", "updatedAt", "folder"])
        let folder = try InputRules.folder(request.query("folder").map(String.init))
        return try await services.files.list(projectId: project.id, folder: folder,
                                             visibility: deleted ? .deleted : .current, query)
    }

    /// `POST /files?name=contract.pdf&folder=contracts` with the raw bytes as the body. A current
    /// file with the same folder and name gets a new version instead of a twin.
    @Sendable func upload(request: Request, context: AppRequestContext) async throws -> JSONResponse<StoredFile> {
        let (project, _) = try context.authorize(.uploadFile)
        let name = try InputRules.fileName(request.query("name").map(String.init) ?? "")
        let folder = try InputRules.folder(request.query("folder").map(String.init))
        let contentType = try InputRules.contentType(request.header(.contentType), blocked: services.configuration.blockedContentTypes)
        try checkDeclaredLength(request)
        let blob = try await services.blobs.store(request.body, limit: services.configuration.maxFileSize)
        services.metrics.add("fileshare_uploaded_bytes_total", blob.size)
        let identity = try context.requireIdentity()
        let file = try await record(blob: blob, projectId: project.id, folder: folder, name: name, contentType: contentType,
                                    existingFileId: nil, userId: identity.user.id)
        try await services.audit(file.version == 1 ? "file.upload" : "file.version", request: request, context: context,
                                 fileId: file.id, detail: "name=\(folder.isEmpty ? "" : folder + "/")\(name) size=\(blob.size) sha256=\(blob.sha256) version=\(file.version)")
        return JSONResponse(.created, file)
    }

    /// `POST /files/{id}/versions` with the raw bytes: a new version of that file.
    @Sendable func uploadVersion(request: Request, context: AppRequestContext) async throws -> JSONResponse<StoredFile> {
        let (project, _) = try context.authorize(.uploadFile)
        let existing = try await file(in: project, context: context)
        guard existing.deletedAt == nil else { throw AppError.conflict("Restore the file before adding versions.") }
        let contentType = try InputRules.contentType(request.header(.contentType), blocked: services.configuration.blockedContentTypes)
        try checkDeclaredLength(request)
        let blob = try await services.blobs.store(request.body, limit: services.configuration.maxFileSize)
        services.metrics.add("fileshare_uploaded_bytes_total", blob.size)
        let file = try await record(blob: blob, projectId: project.id, folder: existing.folder, name: existing.name,
                                    contentType: contentType, existingFileId: existing.id,
                                    userId: try context.requireIdentity().user.id)
        try await services.audit("file.version", request: request, context: context, fileId: file.id,
                                 detail: "size=\(blob.size) sha256=\(blob.sha256) version=\(file.version)")
        return JSONResponse(.created, file)
    }

    /// Refuses early when `Content-Length` already says the body is too large.
    func checkDeclaredLength(_ request: Request) throws {
        if let length = request.header(.contentLength).flatMap(Int.init), length > services.configuration.maxFileSize {
            throw AppError.tooLarge(limit: services.configuration.maxFileSize)
        }
    }

    /// Stores metadata for a blob already written; if that fails the blob is removed again.
    /// Uploads of one name in one folder take turns (on every instance), so parallel uploads of
    /// the same name become consecutive versions of one file instead of failing or twins.
    func record(blob: StoredBlob, projectId: String, folder: String, name: String, contentType: String,
                existingFileId: String?, userId: String) async throws -> StoredFile {
        do {
            return try await services.database.exclusively(Self.nameLock(projectId: projectId, folder: folder, name: name)) { sql in
                let files = FileRepository(sql: sql)
                if let existingFileId, let existing = try await files.find(projectId: projectId, fileId: existingFileId) {
                    return try await files.addVersion(to: existing, contentType: contentType, blob: blob, createdBy: userId)
                }
                if let existing = try await files.findCurrent(projectId: projectId, folder: folder, name: name) {
                    return try await files.addVersion(to: existing, contentType: contentType, blob: blob, createdBy: userId)
                }
                return try await files.createFile(projectId: projectId, folder: folder, name: name,
                                                  contentType: contentType, blob: blob, createdBy: userId)
            }
        } catch {
            try? await services.blobs.delete(key: blob.key)
            throw error
        }
    }

    /// The lock for one file name in one folder of a project.
    static func nameLock(projectId: String, folder: String, name: String) -> String {
        "file:\(projectId)/\(folder)/\(name)"
    }

    @Sendable func read(request: Request, context: AppRequestContext) async throws -> FileDetail {
        let (project, role) = try context.authorize(.listFiles)
        let file = try await file(in: project, context: context, includeDeleted: AccessPolicy.allows(role, .listDeletedFiles))
        return FileDetail(file: file, versions: try await services.files.versions(fileId: file.id))
    }

    @Sendable func versions(request: Request, context: AppRequestContext) async throws -> [FileVersion] {
        let (project, _) = try context.authorize(.listFiles)
        let file = try await file(in: project, context: context)
        return try await services.files.versions(fileId: file.id)
    }

    @Sendable func download(request: Request, context: AppRequestContext) async throws -> Response {
        let (project, _) = try context.authorize(.downloadFile)
        let file = try await file(in: project, context: context)
        guard let version = try await services.files.version(fileId: file.id, number: file.version) else {
            throw AppError.notFound("file version")
        }
        return try await respond(version: version, file: file, request: request, context: context)
    }

    @Sendable func downloadVersion(request: Request, context: AppRequestContext) async throws -> Response {
        let (project, _) = try context.authorize(.downloadFile)
        let file = try await file(in: project, context: context)
        guard let number = context.parameters.get("version").flatMap(Int.init),
              let version = try await services.files.version(fileId: file.id, number: number) else {
            throw AppError.notFound("file version")
        }
        return try await respond(version: version, file: file, request: request, context: context)
    }

    /// Audits every response that hands over the start of the file, whatever the Range header looked like.
    private func respond(version: FileVersion, file: StoredFile, request: Request, context: AppRequestContext) async throws -> Response {
        let plan = try await downloads.plan(for: version, fileName: file.name, request: request)
        if plan.startsDownload {
            try await services.audit("file.download", request: request, context: context, fileId: file.id,
                                     detail: "version=\(version.version)")
        }
        return try await downloads.response(for: plan)
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> Response {
        let (project, _) = try context.authorize(.deleteFile)
        let file = try await file(in: project, context: context)
        try await services.files.setDeleted(fileId: file.id, true)
        let revoked = try await services.shareLinks.revokeAll(fileId: file.id)
        try await services.audit("file.delete", request: request, context: context, fileId: file.id, detail: "links_revoked=\(revoked)")
        return Response(status: .noContent)
    }

    @Sendable func restore(request: Request, context: AppRequestContext) async throws -> StoredFile {
        let (project, _) = try context.authorize(.restoreFile)
        var file = try await file(in: project, context: context, includeDeleted: true)
        guard file.deletedAt != nil else { throw AppError.conflict("The file is not deleted.") }
        let fileId = file.id
        try await services.database.exclusively(Self.nameLock(projectId: project.id, folder: file.folder, name: file.name)) { [file] sql in
            let files = FileRepository(sql: sql)
            if try await files.findCurrent(projectId: project.id, folder: file.folder, name: file.name) != nil {
                throw AppError.conflict("Another current file has this name; rename or delete it first.")
            }
            try await files.setDeleted(fileId: fileId, false)
        }
        try await services.audit("file.restore", request: request, context: context, fileId: file.id)
        file.deletedAt = nil
        return file
    }

    private func file(in project: Project, context: AppRequestContext, includeDeleted: Bool = false) async throws -> StoredFile {
        let fileId = try InputRules.identifier(context.parameters.get("fileId"), field: "fileId")
        guard let file = try await services.files.find(projectId: project.id, fileId: fileId),
              includeDeleted || file.deletedAt == nil else {
            throw AppError.notFound("file")
        }
        return file
    }
}
