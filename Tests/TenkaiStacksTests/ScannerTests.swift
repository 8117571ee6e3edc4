import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// The industry scanners agree with the rule set: checkov and cfripper (pinned in
/// scripts/requirements.txt) find nothing unsuppressed in any system's production templates,
/// and every suppression they honour carries a written reason.
///
/// checkov reads `Metadata.checkov.skip` itself. cfripper has no per-resource metadata; its
/// allow-list is rule filters, so each template's `Metadata.cfripper.ignore` entries become a
/// filters file (`Filter(rule_mode=ALLOWED, rules={rule}, eval=logical_id == id)`) for that
/// template alone.
@Suite(.serialized) struct ScannerTests {
    /// Every system's prod templates as JSON files in a fresh folder.
    static func productionTemplates() throws -> (folder: URL, files: [URL]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [URL] = []
        for system in allSystems {
            let synthesis = try Synthesis(try SystemUnderTest.resolve(system, in: "prod"), format: .json)
            for stack in synthesis.stacks {
                let file = folder.appendingPathComponent("\(system.name)-\(stack.fileName)")
                try Data(stack.bytes).write(to: file)
                files.append(file)
            }
        }
        return (folder, files)
    }

    static func tool(_ name: String) throws -> URL {
        let url = ProjectPaths.scannerTool(name)
        try #require(FileManager.default.isExecutableFile(atPath: url.path), ".venv-scanners/bin/\(name) is missing: run scripts/setup.sh")
        return url
    }

    @Test func checkovFindsNothingUnsuppressedInProduction() async throws {
        let (folder, files) = try Self.productionTemplates()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(files.count >= 15)
        let run = try await runProcess(
            try Self.tool("checkov"),
            ["-d", folder.path, "--framework", "cloudformation", "--compact", "-o", "json"])
        let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        let report = try #require((parsed as? [[String: Any]])?.first ?? parsed as? [String: Any], "checkov: \(run.stderr)")
        let summary = try #require(report["summary"] as? [String: Any])
        let results = report["results"] as? [String: Any] ?? [:]
        let failed = (results["failed_checks"] as? [[String: Any]] ?? []).map {
            "\($0["check_id"] ?? "") \($0["file_path"] ?? "") \($0["resource"] ?? ""): \($0["check_name"] ?? "")"
        }
        #expect(summary["failed"] as? Int == 0, "checkov failures:\n\(failed.joined(separator: "\n"))")
        #expect(summary["parsing_errors"] as? Int == 0)
        #expect((summary["passed"] as? Int ?? 0) > 300, "checkov saw the templates")
        let skipped = results["skipped_checks"] as? [[String: Any]] ?? []
        #expect(!skipped.isEmpty)
        for check in skipped {
            let reason = (check["check_result"] as? [String: Any])?["suppress_comment"] as? String ?? ""
            #expect(Self.isReal(reason), "\(check["check_id"] ?? "") on \(check["resource"] ?? ""): reason '\(reason)'")
        }
    }

    @Test func cfripperFindsNothingUnsuppressedInProduction() async throws {
        let (folder, files) = try Self.productionTemplates()
        defer { try? FileManager.default.removeItem(at: folder) }
        var allowed = 0
        for file in files {
            let filters = folder.appendingPathComponent("filters-\(file.deletingPathExtension().lastPathComponent)")
            try FileManager.default.createDirectory(at: filters, withIntermediateDirectories: true)
            let ignores = try Self.cfripperIgnores(in: file)
            allowed += ignores.count
            for ignore in ignores { #expect(Self.isReal(ignore.reason), "\(file.lastPathComponent) \(ignore.rule) \(ignore.logicalID)") }
            try Self.filtersSource(ignores).write(to: filters.appendingPathComponent("tenkai_filters.py"), atomically: true, encoding: .utf8)
            let run = try await runProcess(
                try Self.tool("cfripper"),
                [file.path, "--format", "txt", "--logging", "ERROR", "--rules-filters-folder", filters.path])
            #expect(run.status == 0 && run.stdout.contains("Valid: True"), "\(file.lastPathComponent):\n\(run.stdout)\(run.stderr)")
        }
        #expect(allowed >= 5, "the allow-list was built from the templates' metadata")
    }

    /// Without the allow-list cfripper does object, so the check above can fail.
    @Test func cfripperObjectsWithoutTheAllowList() async throws {
        let (folder, files) = try Self.productionTemplates()
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try #require(files.first { $0.lastPathComponent == "fileshare-app.template.json" })
        let run = try await runProcess(try Self.tool("cfripper"), [app.path, "--format", "txt", "--logging", "ERROR"])
        #expect(run.stdout.contains("PublicELBCheckerRule"))
    }

    /// A reason a reviewer could accept: a sentence that says why, not a shrug.
    static func isReal(_ reason: String) -> Bool {
        let lowered = reason.lowercased()
        return reason.count >= 40 && !lowered.contains("false positive") && !lowered.contains("todo") && !lowered.contains("n/a")
    }

    struct Ignore {
        var rule: String
        var logicalID: String
        var reason: String
    }

    static func cfripperIgnores(in file: URL) throws -> [Ignore] {
        let template = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
        var ignores: [Ignore] = []
        for (id, resource) in template["Resources"] as? [String: [String: Any]] ?? [:] {
            let metadata = resource["Metadata"] as? [String: Any]
            for entry in (metadata?["cfripper"] as? [String: Any])?["ignore"] as? [[String: Any]] ?? [] {
                ignores.append(Ignore(rule: entry["rule"] as? String ?? "", logicalID: id, reason: entry["reason"] as? String ?? ""))
            }
        }
        return ignores.sorted { ($0.logicalID, $0.rule) < ($1.logicalID, $1.rule) }
    }

    /// cfripper's rule filters allowing exactly these rules on exactly these resources.
    static func filtersSource(_ ignores: [Ignore]) -> String {
        func literal(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var source = "from cfripper.config.filter import Filter\nfrom cfripper.model.enums import RuleMode\n\nFILTERS = [\n"
        for ignore in ignores {
            source += "    Filter(rule_mode=RuleMode.ALLOWED, reason=\(literal(ignore.reason)), rules={\(literal(ignore.rule))}, "
                + "eval={\"eq\": [{\"ref\": \"logical_id\"}, \(literal(ignore.logicalID))]}),\n"
        }
        return source + "]\n"
    }
}
