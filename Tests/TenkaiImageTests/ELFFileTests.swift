import Foundation
import TenkaiImage
import Testing

@Suite struct ELFFileTests {
    @Test func readsTheLoaderAndNeededLibrariesAsReadelfDoes() throws {
        let probe = try ImageFixtures.probeBinary()
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: probe))), path: probe)
        let dynamic = try ImageFixtures.runBlocking("/usr/bin/readelf", ["-d", "-l", "-W", probe])
        #expect(dynamic.status == 0)
        let needed = dynamic.stdout.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("(NEEDED)"), let open = line.lastIndex(of: "["), let close = line.lastIndex(of: "]") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
        #expect(elf.needed == needed)
        #expect(elf.needed.contains("libz.so.1"))
        let interpreter = try #require(elf.interpreter)
        #expect(dynamic.stdout.contains("[Requesting program interpreter: \(interpreter)]"))
        #expect(elf.machine == .x86_64 || elf.machine == .arm64)
    }

    @Test func notAnELFFileOrACutOneIsRefusedWithTheReason() throws {
        let script = #expect(throws: ImageError.self) { try ELFFile(bytes: Array("#!/bin/sh\necho hi\n".utf8), path: "run.sh") }
        #expect(script?.description == ##"run.sh is not an ELF file (it starts with "#!/b"); an image needs a Linux binary"##)
        let probe = try ImageFixtures.probeBinary()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: probe)))
        let cut = #expect(throws: ImageError.self) { try ELFFile(bytes: Array(bytes.prefix(100)), path: "cut") }
        #expect(cut?.description.contains("cut short") == true)
    }

    @Test func aLibraryMissingFromEverySearchDirectoryIsNamedWithWhoNeedsIt() throws {
        let probe = try ImageFixtures.probeBinary()
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: probe))), path: probe)
        let resolver = SharedLibraryResolver(searchDirectories: ["/nonexistent"])
        let error = #expect(throws: ImageError.self) { try resolver.libraries(of: elf, at: probe, extra: []) }
        #expect(error?.description.contains("needed by \(probe)") == true)
        #expect(error?.description.contains("/nonexistent") == true)
    }
}
