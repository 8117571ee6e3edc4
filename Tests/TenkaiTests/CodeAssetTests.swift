import Foundation
import TenkaiCore
import TestSupport
import Testing

@Suite struct CodeAssetTests {
    /// A function folder: a handler, a library in a sub-folder, an executable `bootstrap`.
    static func functionFolder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-asset-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("functions/collect")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("lib"), withIntermediateDirectories: true)
        try "export const handler = async () => ({ statusCode: 200 });\n".write(
            to: folder.appendingPathComponent("index.mjs"), atomically: true, encoding: .utf8)
        try "export const stamp = (id) => id;\n".write(to: folder.appendingPathComponent("lib/stamp.mjs"), atomically: true, encoding: .utf8)
        let bootstrap = folder.appendingPathComponent("bootstrap")
        try "#!/bin/sh\n".write(to: bootstrap, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bootstrap.path)
        return root
    }

    @Test func unzipReadsEveryFileWithItsModeAndContents() async throws {
        let root = try Self.functionFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let asset = try CodeAsset(folder: "functions/collect", root: root)
        let zip = root.appendingPathComponent("code.zip")
        try Data(asset.zip).write(to: zip)
        let test = try await runProcess(URL(fileURLWithPath: "/usr/bin/unzip"), ["-t", zip.path])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        let listing = try await runProcess(URL(fileURLWithPath: "/usr/bin/zipinfo"), [zip.path])
        let lines = listing.stdout.split(separator: "\n").filter { $0.hasPrefix("-") }
        #expect(lines.map { String($0.split(separator: " ").last!) } == ["bootstrap", "index.mjs", "lib/stamp.mjs"])
        #expect(lines[0].hasPrefix("-rwxr-xr-x") && lines[1].hasPrefix("-rw-r--r--"))
        #expect(lines.allSatisfy { $0.contains("stor 80-Jan-01 00:00") })
        let out = root.appendingPathComponent("out")
        _ = try await runProcess(URL(fileURLWithPath: "/usr/bin/unzip"), ["-q", zip.path, "-d", out.path])
        #expect(try String(contentsOf: out.appendingPathComponent("lib/stamp.mjs"), encoding: .utf8) == "export const stamp = (id) => id;\n")
    }

    @Test func sameFilesGiveTheSameKeyAndAChangedFileAnotherOne() throws {
        let first = try Self.functionFolder()
        defer { try? FileManager.default.removeItem(at: first) }
        let second = try Self.functionFolder()
        defer { try? FileManager.default.removeItem(at: second) }
        // Other time stamps, same contents.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_000_000)],
            ofItemAtPath: second.appendingPathComponent("functions/collect/index.mjs").path)
        let a = try CodeAsset(folder: "functions/collect", root: first)
        let b = try CodeAsset(folder: "functions/collect", root: second)
        #expect(a.zip == b.zip)
        #expect(a.key == "assets/\(a.sha256).zip" && a.sha256.count == 64)
        #expect(a.key == b.key)
        try "export const handler = async () => ({ statusCode: 201 });\n".write(
            to: second.appendingPathComponent("functions/collect/index.mjs"), atomically: true, encoding: .utf8)
        #expect(try CodeAsset(folder: "functions/collect", root: second).key != a.key)
    }

    @Test func missingEmptyAndLinkedFoldersAreRefusedWithAHint() throws {
        let root = try Self.functionFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = #expect(throws: TenkaiError.self) { try CodeAsset(folder: "functions/nothing", root: root) }
        #expect(missing?.code == .notFound)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("functions/empty"), withIntermediateDirectories: true)
        let empty = #expect(throws: TenkaiError.self) { try CodeAsset(folder: "functions/empty", root: root) }
        #expect(empty?.message.contains("has no files") == true)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("functions/collect/secret").path, withDestinationPath: "/etc/passwd")
        let linked = #expect(throws: TenkaiError.self) { try CodeAsset(folder: "functions/collect", root: root) }
        #expect(linked?.message == "functions/collect/secret is a symbolic link or a special file")
    }
}
