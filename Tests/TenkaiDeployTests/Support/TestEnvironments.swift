import Foundation
import TenkaiDeploy
import TestSupport

/// The repository's environment files with prod's approvers' keys replaced by a test's freshly
/// generated ones, for the suites that plan, approve and gate against moto.
enum TestEnvironments {
    /// Writes dev, stg and prod.yaml to `directory`; `edit` changes prod.yaml's text after the keys are in.
    static func write(to directory: URL, approvers: [String: Ed25519.PrivateKey], edit: (String) -> String = { $0 }) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["dev", "stg", "prod"] {
            var text = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/\(name).yaml"), encoding: .utf8)
            if name == "prod" {
                for (approver, key) in approvers {
                    let pattern = try Regex("(- name: \(approver)\\n    publicKey: )\"[^\"]*\"")
                    text = text.replacing(pattern) { match in "\(match.output[1].substring ?? "")\"\((try? key.publicKeyBase64) ?? "")\"" }
                }
                text = edit(text)
            }
            try text.write(to: directory.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
    }
}
