import Foundation
import TenkaiCore
import TestSupport
import Testing

@Suite struct RendererTests {
    /// Strings YAML 1.1 would read as booleans, nulls, numbers or dates if written plain.
    static let ambiguous = [
        "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "~", "", "123", "0755", "0x1F", "1_000",
        "1:30", ".5", "1e3", "-12", "+1", "2026-11-25", "2026-11-25T08:00:00Z", "10.0.0.0", ".inf", ".NaN", "<<", "=",
        "012345678901", "2012-10-17",
    ]
    /// Strings that stay strings when written plain.
    static let plain = ["hello", "AWS::S3::Bucket", "10.0.0.0/16", "s3:GetObject", "fileshare-dev-files", "v1.2.3"]

    @Test(arguments: ambiguous)
    func ambiguousStringsAreQuoted(text: String) {
        #expect(YAMLImplicitTypes.needsQuotes(text))
    }

    @Test(arguments: plain)
    func ordinaryStringsAreNot(text: String) {
        #expect(!YAMLImplicitTypes.needsQuotes(text))
    }

    @Test func yamlReadsBackAsTheSameStringsInAYAML11Reader() async throws {
        let value = Value.map(Fields((Self.ambiguous + Self.plain).enumerated().map { ("k\($0.offset)", .string($0.element)) }))
        let yaml = try YAMLRenderer.render(value)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-quoting-\(UUID()).yaml")
        try Data(yaml).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // PyYAML implements YAML 1.1, the reading CloudFormation tools share.
        let script = """
            import json, sys, yaml
            print(json.dumps(yaml.safe_load(open(sys.argv[1]))))
            """
        let result = try await runProcess(ProjectPaths.venvTool("python"), ["-c", script, file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let decoded = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        for (index, text) in (Self.ambiguous + Self.plain).enumerated() {
            #expect(decoded?["k\(index)"] as? String == text, "'\(text)' did not read back as a string")
        }
    }

    @Test func intrinsicsUseShortTagsAndLongFormWhenNested() throws {
        let value: Value = [
            "A": .ref("Bucket"),
            "B": .getAtt("Bucket", "Arn"),
            "C": .importValue(.sub("${AWS::StackName}-x")),
            "D": .select(0, .getAZs()),
        ]
        let yaml = String(decoding: try YAMLRenderer.render(value), as: UTF8.self)
        #expect(yaml == """
            A: !Ref Bucket
            B: !GetAtt Bucket.Arn
            C:
              Fn::ImportValue: !Sub ${AWS::StackName}-x
            D: !Select
            - 0
            - !GetAZs ''

            """)
    }

    @Test func multiLineStringsAreLiteralBlocks() throws {
        let yaml = String(decoding: try YAMLRenderer.render(["Script": "line one\nline two\n"]), as: UTF8.self)
        #expect(yaml == "Script: |\n  line one\n  line two\n")
    }

    @Test func jsonEscapesAndKeepsOrder() {
        let value: Value = ["z": "quote \" backslash \\ newline \n tab \t bell \u{07}", "a": [1, true, 2.5], "m": [:]]
        let json = String(decoding: JSONRenderer.render(value), as: UTF8.self)
        #expect(json == """
            {
              "z": "quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007",
              "a": [
                1,
                true,
                2.5
              ],
              "m": {}
            }

            """)
        let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(parsed?["z"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07}")
    }

    @Test func templatesRenderSectionsInCloudFormationOrderAndResourcesSorted() {
        var template = Template(description: "t")
        template.resources["Zeta"] = Resource(type: "AWS::SQS::Queue")
        template.resources["Alpha"] = Resource(type: "AWS::SQS::Queue")
        template.outputs["Out"] = Output(value: .ref("Alpha"), exportName: "x-Out")
        let json = String(decoding: JSONRenderer.render(template.value), as: UTF8.self)
        let order = ["AWSTemplateFormatVersion", "Description", "Resources", "\"Alpha\"", "\"Zeta\"", "Outputs"]
        let positions = order.map { json.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }
}
