import AWSClient
import Foundation
import TestSupport

/// A project folder holding the repository's environment files with dev in moto's account, a
/// moto without authentication, and the variables that point the real `tenkai` binary at it
/// (`TENKAI_ACCOUNT_CHECK=always` makes the account checks run against 127.0.0.1).
struct MotoProject {
    let moto: MotoServer
    let folder: URL
    let session: AWSSession
    var environment: [String: String]

    var environments: URL { folder.appendingPathComponent("Environments") }

    /// The project's environments with dev in moto's account, and the variables that point tenkai at moto.
    static func start() async throws -> MotoProject {
        let moto = try await MotoServer.start(authentication: false)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-moto-project-\(UUID().uuidString)")
        let environments = folder.appendingPathComponent("Environments")
        try FileManager.default.createDirectory(at: environments, withIntermediateDirectories: true)
        for name in ["dev", "stg", "prod"] {
            var text = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/\(name).yaml"), encoding: .utf8)
            if name == "dev" { text = text.replacingOccurrences(of: "account: \"111111111111\"", with: "account: \"123456789012\"") }
            try text.write(to: environments.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ENDPOINT_URL"] = moto.endpoint.absoluteString
        environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE"
        environment["AWS_SECRET_ACCESS_KEY"] = "unchecked"
        environment["AWS_REGION"] = "ap-northeast-1"
        environment["AWS_PROFILE"] = nil
        environment["AWS_MAX_ATTEMPTS"] = "1"
        environment["TENKAI_ACCOUNT_CHECK"] = "always"
        return MotoProject(moto: moto, folder: folder, session: try AccountSingletonCheckTests.session(moto), environment: environment)
    }

    func stop() {
        moto.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
