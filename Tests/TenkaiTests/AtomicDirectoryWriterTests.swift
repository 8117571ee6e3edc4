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

    @Test func identicalOutputIsLeftUntouched() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("out")
        let files: [(path: String, bytes: [UInt8])] = [("a.json", Array("1".utf8)), ("sub/b.json", Array("2".utf8))]
        #expect(try AtomicDirectoryWriter.replace(target, with: files) == .written)
        let file = target.appendingPathComponent("sub/b.json")
        let before = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        #expect(try AtomicDirectoryWriter.replace(target, with: files) == .unchanged)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date == before)
        // One byte different, one file more or one file fewer: written again.
        #expect(try AtomicDirectoryWriter.replace(target, with: [files[0], ("sub/b.json", Array("3".utf8))]) == .written)
        #expect(try AtomicDirectoryWriter.replace(target, with: [files[0]]) == .written)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(try AtomicDirectoryWriter.replace(target, with: files) == .written)
    }

    @Test func preservedFilesAreCarriedOver() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("out")
        try AtomicDirectoryWriter.replace(target, with: [("a.json", Array("1".utf8)), ("outputs.json", Array("{}".utf8))])
        #expect(try AtomicDirectoryWriter.replace(target, with: [("a.json", Array("1".utf8))], preserving: ["outputs.json"]) == .unchanged)
        try AtomicDirectoryWriter.replace(target, with: [("a.json", Array("2".utf8))], preserving: ["outputs.json"])
        #expect(try String(contentsOf: target.appendingPathComponent("outputs.json"), encoding: .utf8) == "{}")
        #expect(try String(contentsOf: target.appendingPathComponent("a.json"), encoding: .utf8) == "2")
    }
}
