import AWSClient
import Foundation
import TenkaiImage
import TestSupport
import Testing

/// Pushes to Debian's docker-registry on 127.0.0.1 through AWSClient's libcurl transport, then
/// reads what the registry stored back over plain HTTP.
@Suite struct RegistryPushTests {
    @Test func thePushedManifestComesBackByteExactAndASecondPushSkipsEveryBlob() async throws {
        let registry = try await DockerRegistry.start()
        defer { registry.stop() }
        let folder = try ImageFixtures.temporaryFolder("push")
        defer { try? FileManager.default.removeItem(at: folder) }
        let built = try ImageBuilder().build(try ImageFixtures.recipe(), into: folder.path)
        let image = try PushableImage.load(folder.path)
        #expect(image.manifestDigest == built.manifest.digest)

        let first = try await RegistryClient().push(image, to: try ImageReference("\(registry.host)/tenkai/probe:1.0"))
        #expect(first.digest == built.manifest.digest)
        #expect(first.pinned == "\(registry.host)/tenkai/probe@\(built.manifest.digest)")
        #expect(first.uploaded.count == 3 && first.skipped.isEmpty)

        let answer = try await registry.request("GET", "/v2/tenkai/probe/manifests/1.0", headers: ["Accept": OCIMediaType.imageManifest])
        #expect(answer.status == 200)
        #expect(answer.body == Data(image.manifest))
        #expect(OCIDigest.of(answer.body) == built.manifest.digest)
        #expect(answer.headers["docker-content-digest"] == built.manifest.digest)
        let layout = try ReadLayout(folder.path)
        for layer in layout.manifest.layers {
            let blob = try await registry.request("GET", "/v2/tenkai/probe/blobs/\(layer.digest)")
            #expect(blob.status == 200 && OCIDigest.of(blob.body) == layer.digest && blob.body.count == layer.size)
        }

        let second = try await RegistryClient().push(image, to: try ImageReference("\(registry.host)/tenkai/probe:1.1"))
        #expect(second.uploaded.isEmpty)
        #expect(second.skipped.count == 3)
        #expect(second.digest == first.digest)
        let byDigest = try await registry.request("HEAD", "/v2/tenkai/probe/manifests/\(first.digest)", headers: ["Accept": OCIMediaType.imageManifest])
        #expect(byDigest.status == 200)
    }

    @Test func aTarredLayoutAndADockerSaveTarballPushToo() async throws {
        let registry = try await DockerRegistry.start()
        defer { registry.stop() }
        let folder = try ImageFixtures.temporaryFolder("tarballs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let layoutPath = folder.appendingPathComponent("layout").path
        let built = try ImageBuilder().build(try ImageFixtures.recipe(), into: layoutPath)

        // An OCI layout as `tar -cf` makes it (members named ./index.json, ./blobs/sha256/…).
        let tarred = folder.appendingPathComponent("layout.tar").path
        let tar = try ImageFixtures.runBlocking("/usr/bin/tar", ["-cf", tarred, "-C", layoutPath, "."])
        #expect(tar.status == 0, "\(tar.stderr)")
        let fromTar = try await RegistryClient().push(try PushableImage.load(tarred), to: try ImageReference("\(registry.host)/probe:tar"))
        #expect(fromTar.digest == built.manifest.digest)

        // The older docker save form: manifest.json, the config, one uncompressed layer.tar.
        let layer = try TarWriter.archive([.file("hello.txt", Array("hello\n".utf8))], modificationTime: 0)
        let config = Array(#"{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["\#(OCIDigest.of(layer))"]}}"#.utf8)
        let configName = String(OCIDigest.of(config).dropFirst("sha256:".count)) + ".json"
        let manifest = Array(#"[{"Config":"\#(configName)","RepoTags":["hello:1"],"Layers":["abc/layer.tar"]}]"#.utf8)
        let saved = folder.appendingPathComponent("saved.tar")
        try Data(try TarWriter.archive([
            .file("manifest.json", manifest), .file(configName, config), .file("abc/layer.tar", layer),
        ], modificationTime: 0)).write(to: saved)
        let image = try PushableImage.load(saved.path)
        #expect(image.manifestMediaType == OCIMediaType.dockerManifest)
        #expect(image.blobs.map(\.digest) == [OCIDigest.of(config), OCIDigest.of(layer)])
        let pushed = try await RegistryClient().push(image, to: try ImageReference("\(registry.host)/hello:1"))
        let answer = try await registry.request("GET", "/v2/hello/manifests/1", headers: ["Accept": OCIMediaType.dockerManifest])
        #expect(answer.status == 200)
        #expect(answer.body == Data(image.manifest))
        #expect(answer.headers["docker-content-digest"] == pushed.digest)
        let storedLayer = try await registry.request("GET", "/v2/hello/blobs/\(OCIDigest.of(layer))")
        #expect([UInt8](storedLayer.body) == layer)
    }

    @Test func badReferencesAndInputsAreRefusedWithWhatToDo() async throws {
        #expect(throws: ImageError.self) { try ImageReference("probe:1.0") }
        #expect(throws: ImageError.self) { try ImageReference("docker.io/library/probe") }
        #expect(throws: ImageError.self) { try ImageReference("127.0.0.1:5000/Probe:1.0") }
        #expect(throws: ImageError.self) { try ImageReference("127.0.0.1:5000/probe:-bad") }
        let ecr = try ImageReference("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/fileshare:1.4.0")
        #expect(ecr.ecrRegion == "eu-west-1" && ecr.repository == "team/fileshare" && ecr.tag == "1.4.0" && ecr.scheme == "https")
        #expect(try ImageReference("127.0.0.1:5000/probe:1").ecrRegion == nil)
        #expect(try ImageReference("127.0.0.1:5000/probe:1").scheme == "http")

        let folder = try ImageFixtures.temporaryFolder("bad-input")

        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = #expect(throws: ImageError.self) { try PushableImage.load(folder.appendingPathComponent("nothing").path) }
        #expect(missing?.description.contains("does not exist") == true)
        let notImage = folder.appendingPathComponent("plain.tar")
        try Data(try TarWriter.archive([.file("readme.txt", [])], modificationTime: 0)).write(to: notImage)
        let plain = #expect(throws: ImageError.self) { try PushableImage.load(notImage.path) }
        #expect(plain?.description.contains("neither index.json") == true)

        // A layout whose index names a path instead of a digest never reads outside its blobs.
        let hostile = folder.appendingPathComponent("hostile")
        try FileManager.default.createDirectory(at: hostile.appendingPathComponent("blobs/sha256"), withIntermediateDirectories: true)
        try #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:../../../etc/passwd","size":1}]}"#
            .write(to: hostile.appendingPathComponent("index.json"), atomically: true, encoding: .utf8)
        let escaping = #expect(throws: ImageError.self) { try PushableImage.load(hostile.path) }
        #expect(escaping?.description.contains("not sha256:<64 hex digits>") == true)

        // A tarball cut in the middle of a header.
        let whole = try TarWriter.archive([.file("index.json", Array("{}".utf8)), .file("oci-layout", [])], modificationTime: 0)
        let cut = folder.appendingPathComponent("cut.tar")
        try Data(whole.prefix(512 + 512 + 100)).write(to: cut)
        let truncated = #expect(throws: ImageError.self) { try PushableImage.load(cut.path) }
        #expect(truncated?.description.contains("truncated") == true)
    }

    @Test func aManifestStoredUnderAnotherDigestIsAnError() async throws {
        let registry = try await DockerRegistry.start()
        defer { registry.stop() }
        let folder = try ImageFixtures.temporaryFolder("refused")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ImageBuilder().build(try ImageFixtures.recipe(), into: folder.path)
        let image = try PushableImage.load(folder.path)
        // Bytes that no longer match the digest we would pin: the registry reports its own digest.
        var broken = image
        broken.manifest += Array(" ".utf8)
        let error = await #expect(throws: ImageError.self) {
            try await RegistryClient().push(broken, to: try ImageReference("\(registry.host)/probe:broken"))
        }
        #expect(error?.description.contains("not \(image.manifestDigest)") == true)
    }
}
