import Foundation
import Testing
import TestSupport

/// Every CodeBuild buildspec of the file share's pipeline is YAML that CodeBuild can read (PyYAML,
/// a real parser): `version: 0.2`, each command one string. A `: ` inside a plain command (as
/// in `grep '"planId" *: *…'`) silently turns it into a mapping and CodeBuild rejects the project.
@Suite struct FileSharePipelineBuildSpecYAMLTests {
    static let check = """
        import sys, yaml
        spec = yaml.safe_load(open(sys.argv[1]))
        assert spec["version"] == 0.2, spec.get("version")
        for phase, body in spec["phases"].items():
            for command in body["commands"]:
                assert isinstance(command, str), f"{phase}: not a string: {command!r}"
        print(",".join(spec.get("env", {}).get("exported-variables", [])))
        """

    @Test func everyBuildSpecIsYAMLWithStringCommands() async throws {
        let template = try FileShareFixtures.rendered("pipeline", in: "prod")
        let python = ProjectPaths.venvTool("python")
        try #require(FileManager.default.isExecutableFile(atPath: python.path), ".venv/bin/python is missing: run scripts/setup.sh")
        var exported: [String: String] = [:]
        for project in FileShareFixtures.pipelineProjects {
            let spec = (template.properties(project)["Source"] as? [String: Any])?["BuildSpec"]
            let text = try #require((spec as? String) ?? ((spec as? [String: Any])?["Fn::Sub"] as? [Any])?.first as? String, "\(project)")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("buildspec-\(UUID().uuidString).yml")
            try Data(text.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try await runProcess(python, ["-c", Self.check, file.path])
            #expect(result.status == 0, "\(project): \(result.stderr)")
            exported[project] = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(exported["ReleasePipelineImage"] == "IMAGE_TAG,IMAGE_DIGEST")
        #expect(exported["ReleasePipelinePlan"] == "PLAN_ID,RELEASE_PLAN_ID,RELEASE_IMAGE")
    }
}
