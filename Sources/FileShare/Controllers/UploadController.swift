import Foundation
import Hummingbird

/// Resumable uploads in parts, for large files: start, send parts (in any order, again if a
/// part failed), ask which parts arrived, complete, or abort.
struct UploadController: Sendable {
    let services: AppServices
    let files: FileController

    static let maxParts = 10_000

    struct StartUpload: Decodable {
        var name: String?
        var folder: String?
        var contentType: String?
        /// Upload a new version of this file instead of a new file.
        var fileId: String?
        /// Send the parts straight to S3 through presigned URLs (needs S3 storage).
        var direct: Bool?
    }

    struct CompleteUpload: Decodable {
        /// For direct uploads: every part with the ETag S3 answered.
        var parts: [DirectPart]
    }

    struct PartURL: Codable, Sendable, ResponseEncodable {
        var partNumber: Int
        var url: String
    }

    func addRoutes(to project: RouterGroup<AppRequestContext>) {
        project.post("uploads", use: start)
        project.get("uploads/:uploadId", use: status)
        project.put("uploads/:uploadId/parts/:partNumber", use: putPart)
        project.get("uploads/:uploadId/parts/:partNumber/url", use: partURL)
        project.post("uploads/:uploadId/complete", use: complete)
        project.delete("uploads/:uploadId", use: abort)
    }

    @Sendable func start(request: Request, context: AppRequestContext) async throws -> JSONResponse<Upload> {
        let (project, _) = try context.authorize(.uploadFile)
        let input = try await request.decodeJSON(as: StartUpload.self, context: context)
        let contentType = try InputRules.contentType(input.contentType, blocked: services.configuration.blockedContentTypes)
        var name: String
        var folder: String
        var fileId: String?
        if let existingId = input.fileId {
            let id = try InputRules.identifier(existingId, field: "fileId")
            guard let existing = try await services.files.find(projectId: project.id, fileId: id), existing.deletedAt == nil else {
                throw AppError.notFound("file")
            }
            (name, folder, fileId) = (existing.name, existing.folder, existing.id)
        } else {
            name = try InputRules.fileName(input.name ?? "")
            folder = try InputRules.folder(input.folder)
        }
        var direct: DirectUpload?
        if input.direct == true {
            guard let store = services.blobs as? any DirectUploadStore else {
                throw AppError.badRequest("direct", "Direct uploads need S3 storage (FILES_BUCKET); send the parts to this service instead.")
            }
            direct = try await store.startDirectUpload()
        }
        let upload = try await services.uploads.create(projectId: project.id, fileId: fileId, folder: folder, name: name,
                                                       contentType: contentType, createdBy: try context.requireIdentity().user.id,
                                                       direct: direct)
        return JSONResponse(.created, upload)
    }

    @Sendable func status(request: Request, context: AppRequestContext) async throws -> Upload {
        let (project, _) = try context.authorize(.uploadFile)
        return try await upload(in: project, context: context)
    }

    @Sendable func putPart(request: Request, context: AppRequestContext) async throws -> UploadPart {
        let (project, _) = try context.authorize(.uploadFile)
        let upload = try await upload(in: project, context: context)
        let number = try partNumber(context)
        guard !upload.direct else {
            throw AppError.conflict("This is a direct upload: send each part to the URL from GET …/parts/\(number)/url.")
        }
        let limit = services.configuration.maxPartSize
        if let length = request.header(.contentLength).flatMap(Int.init), length > limit {
            throw AppError.tooLarge(limit: limit)
        }
        let blob = try await services.blobs.store(request.body, limit: min(limit, services.configuration.maxFileSize))
        services.metrics.add("fileshare_uploaded_bytes_total", blob.size)
        let part = UploadPart(partNumber: number, size: blob.size, sha256: blob.sha256, blobKey: blob.key)
        let maxFileSize = services.configuration.maxFileSize
        do {
            // Parts of one upload are recorded one at a time, each checked against the parts already
            // recorded, so parts sent in parallel cannot add up to more than MAX_FILE_SIZE.
            let replaced = try await services.database.exclusively("upload:" + upload.id) { sql in
                let uploads = UploadRepository(sql: sql)
                let others = try await uploads.totalSize(uploadId: upload.id, excludingPart: number)
                guard others + blob.size <= maxFileSize else { throw AppError.tooLarge(limit: maxFileSize) }
                return try await uploads.putPart(uploadId: upload.id, part: part)
            }
            if let replaced { try? await services.blobs.delete(key: replaced) }
        } catch {
            try? await services.blobs.delete(key: blob.key)
            throw error
        }
        return part
    }

    /// A presigned URL to PUT one part of a direct upload straight to S3.
    @Sendable func partURL(request: Request, context: AppRequestContext) async throws -> PartURL {
        let (project, _) = try context.authorize(.uploadFile)
        let upload = try await upload(in: project, context: context)
        let number = try partNumber(context)
        guard let direct = upload.directUpload, let store = services.blobs as? any DirectUploadStore else {
            throw AppError.conflict("This upload goes through the service: PUT the part to …/parts/\(number).")
        }
        return PartURL(partNumber: number, url: try await store.partUploadURL(direct, partNumber: number))
    }

    private func partNumber(_ context: AppRequestContext) throws -> Int {
        guard let number = context.parameters.get("partNumber").flatMap(Int.init), (1...Self.maxParts).contains(number) else {
            throw AppError.badRequest("partNumber", "partNumber must be a whole number from 1 to \(Self.maxParts).")
        }
        return number
    }

    /// Joins the parts 1…N (no gaps) into the file and removes the upload.
    @Sendable func complete(request: Request, context: AppRequestContext) async throws -> JSONResponse<StoredFile> {
        let (project, _) = try context.authorize(.uploadFile)
        let upload = try await upload(in: project, context: context)
        if let direct = upload.directUpload, let store = services.blobs as? any DirectUploadStore {
            let input = try await request.decodeJSON(as: CompleteUpload.self, context: context)
            let numbers = input.parts.map(\.partNumber)
            guard !numbers.isEmpty, numbers.sorted() == Array(1...numbers.count) else {
                throw AppError.badRequest("parts", "List every part from 1 to N once, each with the ETag S3 answered.")
            }
            let blob = try await store.completeDirectUpload(direct, parts: input.parts, limit: services.configuration.maxFileSize)
            return try await finish(upload, blob: blob, parts: numbers.count, project: project, request: request, context: context)
        }
        guard !upload.parts.isEmpty else { throw AppError.conflict("No parts have been uploaded yet.") }
        let missing = Set(1...upload.parts.count).subtracting(upload.parts.map(\.partNumber))
        guard missing.isEmpty, upload.parts.last?.partNumber == upload.parts.count else {
            throw AppError.conflict("Parts are missing: \(missing.sorted().prefix(20).map(String.init).joined(separator: ", ")); upload them and complete again.")
        }
        let total = upload.parts.reduce(0) { $0 + $1.size }
        guard total <= services.configuration.maxFileSize else { throw AppError.tooLarge(limit: services.configuration.maxFileSize) }
        let blob = try await services.blobs.concatenate(upload.parts.map(\.blobKey))
        return try await finish(upload, blob: blob, parts: upload.parts.count, project: project, request: request, context: context)
    }

    private func finish(_ upload: Upload, blob: StoredBlob, parts: Int, project: Project, request: Request,
                        context: AppRequestContext) async throws -> JSONResponse<StoredFile> {
        let file = try await files.record(blob: blob, projectId: project.id, folder: upload.folder, name: upload.name,
                                          contentType: upload.contentType, existingFileId: upload.fileId,
                                          userId: try context.requireIdentity().user.id)
        try await services.uploads.delete(uploadId: upload.id)
        for part in upload.parts { try? await services.blobs.delete(key: part.blobKey) }
        try await services.audit(file.version == 1 ? "file.upload" : "file.version", request: request, context: context,
                                 fileId: file.id, detail: "parts=\(parts) size=\(blob.size) sha256=\(blob.sha256) version=\(file.version)")
        return JSONResponse(.created, file)
    }

    @Sendable func abort(request: Request, context: AppRequestContext) async throws -> Response {
        let (project, _) = try context.authorize(.uploadFile)
        let upload = try await upload(in: project, context: context)
        try await services.uploads.delete(uploadId: upload.id)
        for part in upload.parts { try? await services.blobs.delete(key: part.blobKey) }
        if let direct = upload.directUpload, let store = services.blobs as? any DirectUploadStore {
            try? await store.abortDirectUpload(direct)
        }
        return Response(status: .noContent)
    }

    private func upload(in project: Project, context: AppRequestContext) async throws -> Upload {
        let id = try InputRules.identifier(context.parameters.get("uploadId"), field: "uploadId")
        guard let upload = try await services.uploads.find(projectId: project.id, uploadId: id) else {
            throw AppError.notFound("upload")
        }
        return upload
    }
}
