import Foundation
import Testing
import Tenkai
import TenkaiCore
import TestSupport

/// The real cfn-lint (pinned, from .venv) finds no error and no warning in any stack of any
/// environment, in either format.
@Suite struct FileShareLintTests {
    @Test(arguments: TemplateFormat.allCases)
    func everyStackIsLintClean(format: TemplateFormat) async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tenkai-fileshare-lint-\(format.rawValue)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [URL] = []
        for environment in FileShareFixtures.environmentNames {
            for stack in try FileShareFixtures.synthesis(environment, format: format).stacks {
                let file = folder.appendingPathComponent("\(environment)-\(stack.fileName)")
                try Data(stack.bytes).write(to: file)
                files.append(file)
            }
        }
        #expect(files.count == FileShareFixtures.environmentNames.reduce(0) { $0 + FileShareFixtures.stackNames(in: $1).count })
        let findings = try await CFNLint.findings(files)
        #expect(findings.isEmpty, "cfn-lint: \(findings.joined(separator: "\n"))")
    }
}
