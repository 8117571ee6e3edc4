import Foundation
import TenkaiCore
import TestSupport
import Testing

/// `JSONReader` reads what `JSONRenderer` writes, and refuses what is not JSON with a place.
@Suite struct JSONReaderTests {
    @Test func readsIntrinsicFunctionsAsFunctions() throws {
        let value = try JSONReader.read(Array(#"{"A": {"Ref": "Bucket"}, "B": {"Fn::GetAtt": ["Bucket", "Arn"]}, "C": {"Ref": "X", "Other": 1}}"#.utf8))
        #expect(value[path: "A"] == .ref("Bucket"))
        #expect(value[path: "B"] == .getAtt("Bucket", "Arn"))
        #expect(value[path: "C"]?.fieldsValue?.count == 2, "a map with more keys than Ref is a map")
    }

    @Test func keepsNumbersStringsAndOrder() throws {
        let value = try JSONReader.read(Array(#"{"z": 1, "a": -2.5, "m": "t\u00e9\n\"x\"", "e": "\ud83d\ude00", "l": [true, false, []]}"#.utf8))
        #expect(value.fieldsValue?.allKeys == ["z", "a", "m", "e", "l"])
        #expect(value[path: "z"] == .int(1))
        #expect(value[path: "a"] == .double(-2.5))
        #expect(value[path: "m"] == .string("té\n\"x\""))
        #expect(value[path: "e"] == .string("😀"))
        #expect(value[path: "l"] == .list([.bool(true), .bool(false), .list([])]))
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 1, 9), (#"{"a": null}"#, 1, 7), ("[1 2]", 1, 4), (#"{"a": 1, "a": 2}"#, 1, 10),
        ("{\n  \"a\": tru\n}", 2, 8), (#""open"#, 1, 6), ("[01x]", 1, 4), ("", 1, 1), ("{} {}", 1, 4),
    ])
    func refusesMalformedInputWithItsPlace(text: String, line: Int, column: Int) {
        #expect {
            _ = try JSONReader.read(Array(text.utf8), file: "t.json")
        } throws: { error in
            let location = (error as? TenkaiError)?.location
            return location == SourceLocation(file: "t.json", line: line, column: column)
        }
    }

    @Test func refusesNestingBeyondTheLimitInsteadOfCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: TenkaiError.self) { _ = try JSONReader.read(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: JSONReader.maximumDepth) + String(repeating: "]", count: JSONReader.maximumDepth)
        #expect(throws: Never.self) { _ = try JSONReader.read(Array(fine.utf8)) }
    }

    /// Every golden template of the three systems, read back into a `Template`, renders to the
    /// same bytes: what deploy reads from an assembly is exactly what synth wrote.
    @Test func everyGoldenTemplateReadsBackToTheSameBytes() throws {
        let root = ProjectPaths.root.appendingPathComponent("Tests/TenkaiStacksTests/Golden")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".template.json") }
        #expect(files.count > 40)
        for file in files {
            let bytes = Array(try Data(contentsOf: root.appendingPathComponent(file)))
            let template = try Template(reading: try JSONReader.read(bytes, file: file), file: file)
            #expect(JSONRenderer.render(template.value) == bytes, "\(file) does not round-trip")
        }
    }
}
