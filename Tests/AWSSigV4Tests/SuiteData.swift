import Foundation
import TestSupport

/// Where the copied test suite lives and what its fixed inputs are (see Tests/Data/sigv4-testsuite/README.md).
enum SuiteData {
    static let root = ProjectPaths.testData("sigv4-testsuite")
    static let v4 = root.appendingPathComponent("v4")
    static let legacy = root.appendingPathComponent("legacy-aws4_testsuite")

    /// Every case folder of `v4/`.
    static let v4CaseNames: [String] = caseFolders(in: v4)

    /// Every legacy case, as a path relative to `legacy-aws4_testsuite/` (`get-vanilla`, `normalize-path/get-slash`, …).
    static let legacyCasePaths: [String] = {
        var paths: [String] = []
        for name in caseFolders(in: legacy) {
            let folder = legacy.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(name).req").path) {
                paths.append(name)
            } else {
                paths += caseFolders(in: folder).map { "\(name)/\($0)" }
            }
        }
        return paths.sorted()
    }()

    static func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// 2015-08-30T12:36:00Z and 2013-05-24T00:00:00Z style timestamps.
    static func date(_ iso8601: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: iso8601) else {
            throw RawHTTPRequest.ParseError(description: "bad timestamp \(iso8601)")
        }
        return date
    }

    private static func caseFolders(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }
}

/// `v4/<case>/context.json`.
struct V4Context: Decodable {
    struct Credentials: Decodable {
        var access_key_id: String
        var secret_access_key: String
        var token: String?
    }
    var credentials: Credentials
    var expiration_in_seconds: Int
    var normalize: Bool
    var region: String
    var service: String
    var sign_body: Bool
    var timestamp: String
    var omit_session_token: Bool?
}
