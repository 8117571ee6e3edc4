import Foundation

/// Checks on names, folders and media types that arrive from users. Names are stored as given
/// (after Unicode normalisation) and are never used as paths, but refusing separators, dot
/// segments and control characters keeps downloads and exports safe everywhere they end up.
enum InputRules {
    /// A display name (project, user, share-link label).
    static func text(_ value: String, field: String, maxLength: Int = 200, allowEmpty: Bool = false) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        if trimmed.isEmpty && !allowEmpty { throw AppError.badRequest(field, "\(field) must not be empty.") }
        guard trimmed.count <= maxLength else {
            throw AppError.badRequest(field, "\(field) must be at most \(maxLength) characters.")
        }
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) && $0 != "\n" }) else {
            throw AppError.badRequest(field, "\(field) must not contain control characters.")
        }
        return trimmed
    }

    /// A file name: one path segment, no separators, not `.` or `..`, at most 255 bytes.
    static func fileName(_ value: String, field: String = "name") throws -> String {
        let name = value.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
        guard !name.isEmpty else { throw AppError.badRequest(field, "A file name must not be empty.") }
        guard name != ".", name != ".." else { throw AppError.badRequest(field, "'\(name)' is not a file name.") }
        guard !name.contains("/"), !name.contains("\\") else {
            throw AppError.badRequest(field, "A file name must not contain '/' or '\\'; use the folder parameter for folders.")
        }
        guard !name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw AppError.badRequest(field, "A file name must not contain control characters.")
        }
        guard name.utf8.count <= 255 else { throw AppError.badRequest(field, "A file name must be at most 255 bytes.") }
        return name
    }

    /// A folder path such as `contracts/2024`: safe segments joined by `/`, no leading or trailing slash.
    static func folder(_ value: String?, field: String = "folder") throws -> String {
        guard let value else { return "" }
        let segments = value.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count <= 16 else { throw AppError.badRequest(field, "A folder may be at most 16 levels deep.") }
        return try segments.map { try fileName(String($0), field: field) }.joined(separator: "/")
    }

    /// The media type to store for an upload: well-formed, and not one a browser could execute.
    static func contentType(_ value: String?, blocked: Set<String>) throws -> String {
        guard let value, !value.isEmpty else { return "application/octet-stream" }
        let base = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let token = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "!#$&^_.+-"))
        let parts = base.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(token.contains) }) else {
            throw AppError.unsupportedMediaType("'\(value.prefix(100))' is not a media type like 'application/pdf'.")
        }
        guard !blocked.contains(base) else {
            throw AppError.unsupportedMediaType("Files of type \(base) are not accepted; zip them or upload as application/octet-stream.")
        }
        return base
    }

    static func identifier(_ value: String?, field: String) throws -> String {
        guard let value, Identifier.isValid(value) else { throw AppError.badRequest(field, "\(field) must be an ID.") }
        return value.lowercased()
    }

    static func email(_ value: String) throws -> String {
        let email = value.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 254,
              !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" }) else {
            throw AppError.badRequest("email", "'\(value.prefix(100))' is not an email address.")
        }
        return email
    }
}
