import Foundation

/// A resumable upload in parts: parts arrive in any order and may be re-sent; completing it
/// joins them into a new file (or a new version of `fileId`).
public struct Upload: Codable, Sendable, Equatable {
    public var id: String
    public var projectId: String
    public var fileId: String?
    public var folder: String
    public var name: String
    public var contentType: String
    public var createdBy: String
    public var createdAt: Date
    public var parts: [UploadPart]
    /// Parts go straight to S3 through presigned URLs (`GET …/parts/{n}/url`), not through the service.
    public var direct: Bool
    var directUpload: DirectUpload? = nil

    enum CodingKeys: String, CodingKey {
        case id, projectId, fileId, folder, name, contentType, createdBy, createdAt, parts, direct
    }
}

/// One received part of an upload.
public struct UploadPart: Codable, Sendable, Equatable {
    public var partNumber: Int
    public var size: Int
    public var sha256: String
    var blobKey: String

    enum CodingKeys: String, CodingKey { case partNumber, size, sha256 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        partNumber = try container.decode(Int.self, forKey: .partNumber)
        size = try container.decode(Int.self, forKey: .size)
        sha256 = try container.decode(String.self, forKey: .sha256)
        blobKey = ""
    }

    init(partNumber: Int, size: Int, sha256: String, blobKey: String) {
        self.partNumber = partNumber
        self.size = size
        self.sha256 = sha256
        self.blobKey = blobKey
    }
}
