import AWSClient
import Hashing
import TenkaiCore
import Foundation
import Testing
import TestSupport
@testable import TenkaiDeploy

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Preflight's image check against a registry that is not ECR: Debian's `docker-registry` on
/// 127.0.0.1, asked `HEAD /v2/<repository>/manifests/<digest or tag>`.
@Suite struct ReleaseImageCheckTests {
    @Test func anImageInALocalRegistryIsFoundByDigestAndTagAndAMissingOneRefused() async throws {
        let registry = try await LocalRegistry.start()
        defer { registry.stop() }
        let digest = try await registry.pushEmptyImage(repository: "team/fileshare", tag: "1.0.0")
        let check = ImageCheck(session: AWSSession(region: "us-east-1", credentials: nil))
        try await check.verify(try ImageReference(parsing: "127.0.0.1:\(registry.port)/team/fileshare@\(digest)"))
        try await check.verify(try ImageReference(parsing: "127.0.0.1:\(registry.port)/team/fileshare:1.0.0"))
        let missing = await #expect(throws: ReleaseError.self) {
            try await check.verify(try ImageReference(parsing: "127.0.0.1:\(registry.port)/team/fileshare:2.0.0"))
        }
        #expect(missing?.code == .preflight)
        #expect(missing?.message == "image 127.0.0.1:\(registry.port)/team/fileshare:2.0.0 does not exist in its registry")
    }
}

/// `docker-registry serve` with a four-line configuration, storage in a temporary folder.
private final class LocalRegistry: Sendable {
    let port: Int
    private let process: Process
    private let folder: URL

    private init(port: Int, process: Process, folder: URL) {
        self.port = port
        self.process = process
        self.folder = folder
    }

    static func start() async throws -> LocalRegistry {
        let executable = URL(fileURLWithPath: "/usr/bin/docker-registry")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw FixtureError("docker-registry is not installed: apt-get install docker-registry")
        }
        let port = try freeLoopbackPort()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("config.yml")
        try """
            version: 0.1
            storage:
              filesystem:
                rootdirectory: \(folder.appendingPathComponent("data").path)
            http:
              addr: 127.0.0.1:\(port)
            """.write(to: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", config.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let registry = LocalRegistry(port: port, process: process, folder: folder)
        for _ in 0..<100 {
            if let (_, response) = try? await URLSession.shared.data(from: registry.url("/v2/")), (response as? HTTPURLResponse)?.statusCode == 200 {
                return registry
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        registry.stop()
        throw FixtureError("docker-registry did not answer on 127.0.0.1:\(port)")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Uploads a config blob and an OCI manifest without layers; answers the manifest's digest.
    func pushEmptyImage(repository: String, tag: String) async throws -> String {
        let config = Data(#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#.utf8)
        let configDigest = Self.digest(config)
        var start = URLRequest(url: url("/v2/\(repository)/blobs/uploads/"))
        start.httpMethod = "POST"
        let (_, started) = try await URLSession.shared.data(for: start)
        let location = try #require((started as? HTTPURLResponse)?.value(forHTTPHeaderField: "Location"))
        let uploadURL = try #require(URL(string: location.hasPrefix("http") ? location : "http://127.0.0.1:\(port)\(location)"))
        var components = try #require(URLComponents(url: uploadURL, resolvingAgainstBaseURL: false))
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "digest", value: configDigest)]
        var upload = URLRequest(url: try #require(components.url))
        upload.httpMethod = "PUT"
        upload.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        let (_, uploaded) = try await URLSession.shared.upload(for: upload, from: config)
        #expect((uploaded as? HTTPURLResponse)?.statusCode == 201)

        let manifest = Data("""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
            "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\(configDigest)","size":\(config.count)},"layers":[]}
            """.utf8)
        var put = URLRequest(url: url("/v2/\(repository)/manifests/\(tag)"))
        put.httpMethod = "PUT"
        put.setValue("application/vnd.oci.image.manifest.v1+json", forHTTPHeaderField: "Content-Type")
        let (body, stored) = try await URLSession.shared.upload(for: put, from: manifest)
        let status = (stored as? HTTPURLResponse)?.statusCode
        guard status == 201 else { throw FixtureError("manifest PUT answered \(status ?? 0): \(String(decoding: body, as: UTF8.self))") }
        return Self.digest(manifest)
    }

    static func digest(_ data: Data) -> String {
        "sha256:" + SHA256.hex([UInt8](data))
    }
}
