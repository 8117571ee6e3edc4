import Foundation

/// A link that lets someone without an account see one file, or every file in one folder, of a
/// project. Only a hash of its token is stored; the token itself is shown once, at creation.
public struct ShareLink: Codable, Sendable, Equatable {
    public var id: String
    public var projectId: String
    public var fileId: String?
    public var folder: String?
    public var label: String
    public var expiresAt: Date
    public var maxDownloads: Int?
    public var downloadCount: Int
    public var allowDownload: Bool
    public var hasPassword: Bool
    public var createdBy: String
    public var createdAt: Date
    public var revokedAt: Date?
    /// Set in the owners' list while wrong passwords from all addresses keep the link locked.
    public var passwordLockedUntil: Date?
    var passwordHash: String?

    enum CodingKeys: String, CodingKey {
        case id, projectId, fileId, folder, label, expiresAt, maxDownloads, downloadCount, allowDownload
        case hasPassword, createdBy, createdAt, revokedAt, passwordLockedUntil
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        projectId = try c.decode(String.self, forKey: .projectId)
        fileId = try c.decodeIfPresent(String.self, forKey: .fileId)
        folder = try c.decodeIfPresent(String.self, forKey: .folder)
        label = try c.decode(String.self, forKey: .label)
        expiresAt = try c.decode(Date.self, forKey: .expiresAt)
        maxDownloads = try c.decodeIfPresent(Int.self, forKey: .maxDownloads)
        downloadCount = try c.decode(Int.self, forKey: .downloadCount)
        allowDownload = try c.decode(Bool.self, forKey: .allowDownload)
        hasPassword = try c.decode(Bool.self, forKey: .hasPassword)
        createdBy = try c.decode(String.self, forKey: .createdBy)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        revokedAt = try c.decodeIfPresent(Date.self, forKey: .revokedAt)
        passwordLockedUntil = try c.decodeIfPresent(Date.self, forKey: .passwordLockedUntil)
        passwordHash = nil
    }

    init(id: String, projectId: String, fileId: String?, folder: String?, label: String, expiresAt: Date,
         maxDownloads: Int?, downloadCount: Int, allowDownload: Bool, createdBy: String, createdAt: Date,
         revokedAt: Date?, passwordHash: String?) {
        self.id = id
        self.projectId = projectId
        self.fileId = fileId
        self.folder = folder
        self.label = label
        self.expiresAt = expiresAt
        self.maxDownloads = maxDownloads
        self.downloadCount = downloadCount
        self.allowDownload = allowDownload
        self.hasPassword = passwordHash != nil
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.passwordHash = passwordHash
    }

    /// Why the link cannot be used now, or nil when it can.
    func unusableReason(at now: Date) -> String? {
        if revokedAt != nil { return "This link has been revoked." }
        if expiresAt <= now { return "This link has expired." }
        if let maxDownloads, downloadCount >= maxDownloads { return "This link has reached its download limit." }
        return nil
    }
}
