import TenkaiCore
import Testing

/// A file nested 10,000 deep used to overflow the stack (SIGSEGV in `synth`); now it is an error
/// at the line and column where the nesting passes ``YAMLParser/maximumDepth``.
@Suite("YAML depth limit")
struct YAMLDepthLimitTests {
    static let deep = 10_000
    static let limit = YAMLParser.maximumDepth

    private func failure(_ text: String, file: String = "Environments/dev.yaml") -> TenkaiError? {
        do {
            _ = try YAMLParser.parse(Array(text.utf8), file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test("10,000 nested lists are an error at the list that goes one level too deep")
    func deepSequences() throws {
        let text = String(repeating: "[", count: Self.deep) + String(repeating: "]", count: Self.deep)
        let error = try #require(failure(text))
        #expect(error.message == "YAML nested deeper than \(Self.limit) levels")
        #expect(error.location == SourceLocation(file: "Environments/dev.yaml", line: 1, column: Self.limit + 1))
        #expect(error.hint?.contains("flatten") == true)
    }

    @Test("10,000 nested maps are an error at the map that goes one level too deep")
    func deepMappings() throws {
        let text = String(repeating: "{a: ", count: Self.deep) + "1" + String(repeating: "}", count: Self.deep)
        let error = try #require(failure(text))
        #expect(error.message == "YAML nested deeper than \(Self.limit) levels")
        // Each level is "{a: " (4 columns); the first map is at column 1.
        #expect(error.location == SourceLocation(file: "Environments/dev.yaml", line: 1, column: Self.limit * 4 + 1))
    }

    @Test("block-style nesting under a key is refused at its line")
    func deepBlockMappings() throws {
        var text = "name: dev\n"
        for level in 0...Self.limit {
            text += String(repeating: " ", count: level) + "k:\n"
        }
        text += String(repeating: " ", count: Self.limit + 1) + "v: 1\n"
        let error = try #require(failure(text))
        #expect(error.message == "YAML nested deeper than \(Self.limit) levels")
        // Line 1 is the root map's first key; the map under the 128th `k:` starts on line 2 + 128.
        #expect(error.location?.line == Self.limit + 2)
    }

    @Test("nesting exactly at the limit still parses")
    func atTheLimit() throws {
        let text = String(repeating: "[", count: Self.limit) + "x" + String(repeating: "]", count: Self.limit)
        var node = try YAMLParser.parse(Array(text.utf8), file: "f.yaml")
        var depth = 1
        while case .sequence(let items, _) = node, let first = items.first {
            node = first
            depth += 1
        }
        #expect(depth == Self.limit + 1, "\(Self.limit) lists, then the scalar")
    }

    @Test("an environment file nested 10,000 deep is an error naming the file, line and column")
    func environmentFile() throws {
        let nested = String(repeating: "[", count: Self.deep) + String(repeating: "]", count: Self.deep)
        let text = "name: dev\ntier: development\nextra: \(nested)\n"
        do {
            _ = try EnvironmentLoader.parse(Array(text.utf8), file: "Environments/dev.yaml", expectedName: "dev")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "YAML nested deeper than \(Self.limit) levels")
            #expect(error.location == SourceLocation(file: "Environments/dev.yaml", line: 3, column: 7 + Self.limit))
        }
    }
}
