import Foundation
import TenkaiImage
import Testing

@Suite struct TarWriterTests {
    let entries: [TarEntry] = [
        .file("usr/local/bin/app", Array("binary".utf8), mode: 0o755),
        .file("etc/passwd", Array("root:x:0:0::/:/bin/false\n".utf8)),
        .directory("tmp", mode: 0o1777),
        .directory("var/cache/app", uid: 1000, gid: 1000),
        .file(String(repeating: "long-directory-name/", count: 6) + "file-with-a-long-name.txt", Array("x".utf8)),
    ]

    @Test func gnuTarReadsTheArchiveSortedWithParentsOwnersAndOneTime() throws {
        let folder = try ImageFixtures.temporaryFolder("tar")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("layer.tar")
        try Data(try TarWriter.archive(entries, modificationTime: 1_700_000_000)).write(to: archive)
        let listing = try ImageFixtures.runBlocking("/usr/bin/tar", ["--numeric-owner", "--full-time", "-tvf", archive.path])
        #expect(listing.status == 0, "\(listing.stderr)")
        let lines = listing.stdout.split(separator: "\n").map(String.init)
        let names = lines.map { String($0.split(separator: " ").last!) }
        #expect(names == names.sorted())
        #expect(names.contains("usr/") && names.contains("usr/local/") && names.contains("var/cache/"))
        #expect(names.contains(String(repeating: "long-directory-name/", count: 6) + "file-with-a-long-name.txt"))
        #expect(lines.allSatisfy { $0.contains("2023-11-14 22:13:20") })
        let cache = try #require(lines.first { $0.hasSuffix(" var/cache/app/") })
        #expect(cache.hasPrefix("drwxr-xr-x 1000/1000"))
        let tmp = try #require(lines.first { $0.hasSuffix(" tmp/") })
        #expect(tmp.hasPrefix("drwxrwxrwt 0/0"))
        let app = try #require(lines.first { $0.hasSuffix(" usr/local/bin/app") })
        #expect(app.hasPrefix("-rwxr-xr-x 0/0"))
    }

    @Test func sameEntriesInAnyOrderGiveTheSameBytes() throws {
        let forward = try TarWriter.archive(entries, modificationTime: 0)
        let backward = try TarWriter.archive(entries.reversed(), modificationTime: 0)
        #expect(forward == backward)
        #expect(try TarWriter.archive(entries, modificationTime: 1) != forward)
    }

    @Test func readerGivesBackPathsOwnersAndContents() throws {
        let reader = TarReader(bytes: try TarWriter.archive(entries, modificationTime: 0))
        let members = try reader.members()
        let passwd = try #require(members.first { $0.path == "etc/passwd" })
        #expect(try reader.contents(of: passwd) == Array("root:x:0:0::/:/bin/false\n".utf8))
        let cache = try #require(members.first { $0.path == "var/cache/app" })
        #expect(cache.isDirectory && cache.uid == 1000 && cache.gid == 1000)
        #expect(members.contains { $0.path.hasSuffix("file-with-a-long-name.txt") && $0.path.hasPrefix("long-directory-name/") })
    }

    @Test func damagedHeaderAndBadPathsAreRefusedWithTheReason() throws {
        var bytes = try TarWriter.archive(entries, modificationTime: 0)
        bytes[10] ^= 0xFF
        let damaged = #expect(throws: ImageError.self) { try TarReader(bytes: bytes).members() }
        #expect(damaged?.description.contains("wrong checksum") == true)
        #expect(throws: ImageError.self) { try TarWriter.archive([.file("etc/../passwd", [])], modificationTime: 0) }
        #expect(throws: ImageError.self) {
            try TarWriter.archive([.file("etc", []), .file("etc/passwd", [])], modificationTime: 0)
        }
    }
}

@Suite struct GzipTests {
    @Test func compressedBytesAreTheSameEveryTimeAndGzipReadsThem() throws {
        let input = Array((0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7 % 251) })
        let first = try Gzip.compress(input)
        #expect(first == (try Gzip.compress(input)))
        #expect(first.count < input.count / 2)
        // Header: magic, deflate, no flags (no file name), time stamp 0.
        #expect(Array(first[0..<8]) == [0x1F, 0x8B, 8, 0, 0, 0, 0, 0])
        let folder = try ImageFixtures.temporaryFolder("gzip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.gz")
        try Data(first).write(to: file)
        let out = folder.appendingPathComponent("data")
        let result = try ImageFixtures.runBlocking("/bin/sh", ["-c", "gzip -dc \"$0\" > \"$1\"", file.path, out.path])
        #expect(result.status == 0)
        #expect([UInt8](try Data(contentsOf: out)) == input)
        #expect(try Gzip.decompress(first) == input)
        #expect(throws: ImageError.self) { try Gzip.decompress(Array(first.dropLast(20))) }
    }

    @Test func outputLongerThanOneChunkComesBackWhole() throws {
        // 3 MiB that deflate cannot shrink: the compressed stream spans several 1 MiB chunks.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let input = (0..<(3 << 20)).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let compressed = try Gzip.compress(input)
        #expect(compressed.count > 2 << 20)
        #expect(try Gzip.decompress(compressed) == input)
    }
}
