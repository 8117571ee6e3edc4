import Foundation
import TenkaiCore
import Testing

@Suite struct AtomicDirectoryWriterTests {
    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-atomic-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func replacesTheWholeFolder() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("out")
        try AtomicDirectoryWriter.replace(target, with: [("a.json", Array("1".utf8)), ("old.json", Array("x".utf8))])
        try AtomicDirectoryWriter.replace(target, with: [("a.json", Array("2".utf8))])
        #expect(try String(contentsOf: target.appendingPathComponent("a.json"), encoding: .utf8) == "2")
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("old.json").path), "stale files go")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(leftovers == ["out"], "no staging folders are left behind")
    }

    @Test func aFailedWriteLeavesThePreviousOutputIntact() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("out")
        try AtomicDirectoryWriter.replace(target, with: [("a.json", Array("1".utf8))])
        // A path that cannot be created: a file where a folder must go.
        #expect(throws: TenkaiError.self) {
            try AtomicDirectoryWriter.replace(target, with: [("a.json", Array("2".utf8)), ("a.json/b", Array("3".utf8))])
        }
        #expect(try String(contentsOf: target.appendingPathComponent("a.json"), encoding: .utf8) == "1")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"])
    }
}
