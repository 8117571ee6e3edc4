import Foundation

/// A file in a project: its current version's metadata. Older versions are `FileVersion`s.
public struct StoredFile: Codable, Sendable, Equatable {
    public var id: String
    public var projectId: String
    public var folder: String
    public var name: String
    public var contentType: String
    public var size: Int
    public var sha256: String
    public var version: Int
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var deletedAt: Date?
}

/// One stored version of a file. `blobKey` locates the bytes and is never sent to clients.
public struct FileVersion: Codable, Sendable, Equatable {
    public var fileId: String
    public var version: Int
    public var size: Int
    public var sha256: String
    public var contentType: String
    public var createdBy: String
    public var createdAt: Date
    var blobKey: String

    enum CodingKeys: String, CodingKey {
        case fileId, version, size, sha256, contentType, createdBy, createdAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fileId = try container.decode(String.self, forKey: .fileId)
        version = try container.decode(Int.self, forKey: .version)
        size = try container.decode(Int.self, forKey: .size)
        sha256 = try container.decode(String.self, forKey: .sha256)
        contentType = try container.decode(String.self, forKey: .contentType)
        createdBy = try container.decode(String.self, forKey: .createdBy)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        blobKey = ""
    }

    init(fileId: String, version: Int, size: Int, sha256: String, contentType: String,
         createdBy: String, createdAt: Date, blobKey: String) {
        self.fileId = fileId
        self.version = version
        self.size = size
        self.sha256 = sha256
        self.contentType = contentType
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.blobKey = blobKey
    }
}
