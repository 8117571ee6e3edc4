import Foundation
import TenkaiImage
import Testing

@Suite struct ImageBuildTests {
    @Test func sameInputsGiveTheSameDigestAndAnotherTimeStampAnotherOne() throws {
        let folder = try ImageFixtures.temporaryFolder("determinism")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try ImageBuilder().build(try ImageFixtures.recipe(), into: folder.appendingPathComponent("a").path)
        let second = try ImageBuilder().build(try ImageFixtures.recipe(), into: folder.appendingPathComponent("b").path)
        #expect(first.manifest.digest == second.manifest.digest)
        let blobs = { (name: String) in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("\(name)/blobs/sha256").path).sorted() }
        #expect(try blobs("a") == blobs("b"))
        #expect(try blobs("a").count == 4)  // two layers, the config, the manifest
        let later = try ImageBuilder().build(try ImageFixtures.recipe(epoch: 1_700_000_000), into: folder.appendingPathComponent("c").path)
        #expect(later.manifest.digest != first.manifest.digest)
        #expect(later.config.created == "2023-11-14T22:13:20Z")
        // Building again over an existing layout replaces it whole.
        let again = try ImageBuilder().build(try ImageFixtures.recipe(), into: folder.appendingPathComponent("c").path)
        #expect(again.manifest.digest == first.manifest.digest)
        #expect(try blobs("c") == blobs("a"))
    }

    @Test func theImageHoldsTheBinaryEveryLibraryLddSeesAndTheDlopenedOnes() throws {
        let folder = try ImageFixtures.temporaryFolder("tree")
        defer { try? FileManager.default.removeItem(at: folder) }
        let built = try ImageBuilder().build(try ImageFixtures.recipe(), into: folder.path)
        let layout = try ReadLayout(folder.path)
        let names = Set(layout.files.keys.map { String($0.split(separator: "/").last!) })
        let probe = try ImageFixtures.probeBinary()
        var expected: Set<String> = []
        for file in [probe, "/usr/lib/\(try Self.triple())/libcurl.so.4"] {
            let ldd = try ImageFixtures.runBlocking("/usr/bin/ldd", [file])
            #expect(ldd.status == 0, "\(ldd.stderr)")
            for line in ldd.stdout.split(separator: "\n") {
                let name = line.split(separator: " ").first.map { String($0.split(separator: "/").last!) }.map { $0.trimmingCharacters(in: .whitespaces) }
                if let name, !name.hasPrefix("linux-vdso") { expected.insert(name) }
            }
        }
        #expect(expected.contains("libz.so.1") && expected.contains("libssl.so.3"))
        #expect(expected.subtracting(names).isEmpty, "missing: \(expected.subtracting(names).sorted())")
        #expect(names.contains("libcurl.so.4"))
        #expect(layout.files["/usr/local/bin/probe"] == [UInt8](try Data(contentsOf: URL(fileURLWithPath: probe))))
        #expect(layout.member("/usr/local/bin/probe")?.mode == 0o755)
        #expect(layout.files["/etc/ssl/certs/ca-certificates.crt"] == [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/etc/ssl/certs/ca-certificates.crt"))))
        #expect(built.files.count == layout.files.count)
        // The binary is the top layer on its own, so a new release pushes only it.
        #expect(try TarReader(bytes: layout.layers[1]).members().filter(\.isFile).map(\.path) == ["usr/local/bin/probe"])
    }

    @Test func theImageRunsAsANonRootUserWithOnlyItsWritablePathsOwned() throws {
        let folder = try ImageFixtures.temporaryFolder("user")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ImageBuilder().build(try ImageFixtures.recipe(), into: folder.path)
        let layout = try ReadLayout(folder.path)
        #expect(layout.config.config.User == "1000:1000")
        #expect(layout.config.config.Entrypoint == ["/usr/local/bin/probe"])
        #expect(layout.config.config.Cmd == ["serve"])
        #expect(layout.config.os == "linux")
        #expect(layout.config.rootfs.diff_ids == layout.layers.map { OCIDigest.of($0) })
        let passwd = String(decoding: try #require(layout.files["/etc/passwd"]), as: UTF8.self)
        #expect(passwd.split(separator: "\n").contains("app:x:1000:1000:app:/nonexistent:/usr/sbin/nologin"))
        let group = String(decoding: try #require(layout.files["/etc/group"]), as: UTF8.self)
        #expect(group.split(separator: "\n").contains("app:x:1000:"))
        let owned = layout.members.filter { $0.uid == 1000 }.map { "/" + $0.path }.sorted()
        #expect(owned == ["/tmp", "/var/cache/probe"])
        #expect(layout.member("/tmp")?.mode == 0o1777)
        #expect(layout.members.filter { $0.uid != 1000 }.allSatisfy { $0.uid == 0 && $0.gid == 0 })
    }

    @Test func theExtractedImageStartsWithItsOwnLoaderAndLibrariesOnly() throws {
        let folder = try ImageFixtures.temporaryFolder("run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let layoutPath = folder.appendingPathComponent("layout").path
        _ = try ImageBuilder().build(try ImageFixtures.recipe(), into: layoutPath)
        let layout = try ReadLayout(layoutPath)
        let root = folder.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for layer in layout.manifest.layers {
            let blob = layoutPath + "/blobs/sha256/" + layer.digest.dropFirst("sha256:".count)
            let untar = try ImageFixtures.runBlocking("/usr/bin/tar", ["--no-same-owner", "-xzf", blob, "-C", root.path])
            #expect(untar.status == 0, "\(untar.stderr)")
        }
        // A chroot (in a user namespace, so no real root is needed) sees only the image's files,
        // absolute paths included: libsasl2 looks for plugins in a fixed directory, for one.
        let run = try ImageFixtures.runBlocking(
            "/usr/bin/unshare", ["--user", "--map-root-user", "/usr/sbin/chroot", root.path, "/usr/local/bin/probe"],
            environment: ["LD_DEBUG": "libs"])
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        #expect(run.stdout.contains("libcurl/"))
        let loaded = run.stderr.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "calling init: ") else { return nil }
            return String(line[range.upperBound...])
        }
        #expect(loaded.contains("/usr/lib/\(try Self.triple())/libcurl.so.4"))
        #expect(loaded.count > 10)
    }

    @Test func rootUserAndBadBinariesAreRefused() throws {
        var recipe = try ImageFixtures.recipe()
        recipe.user = ImageUser(name: "root", uid: 0, gid: 0)
        let root = #expect(throws: ImageError.self) { try ImageBuilder().build(recipe, into: "/nonexistent/out") }
        #expect(root?.description.contains("non-root") == true)
        #expect(throws: ImageError.self) { try ImageUser(taskDefinitionUser: "app") }
        let script = try ImageFixtures.temporaryFolder("bad").appendingPathComponent("run.sh")
        try "#!/bin/sh\n".write(to: script, atomically: true, encoding: .utf8)
        let notELF = #expect(throws: ImageError.self) { try ImageBuilder().build(ImageRecipe(name: "x", binary: script.path), into: "/nonexistent/out") }
        #expect(notELF?.description.contains("not an ELF file") == true)
        var relative = try ImageFixtures.recipe()
        relative.writablePaths = ["tmp"]
        #expect(throws: ImageError.self) { try ImageBuilder().build(relative, into: "/nonexistent/out") }
    }

    static func triple() throws -> String {
        let probe = try ImageFixtures.probeBinary()
        return try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: probe))), path: probe).machine.multiarchTriple
    }
}
