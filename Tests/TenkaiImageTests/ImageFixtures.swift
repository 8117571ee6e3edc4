import Foundation
import TenkaiImage
import TestSupport

/// A small C program compiled once per test run: linked against zlib, and opening libcurl with
/// `dlopen` as AWSClient does, so an image of it needs a `DT_NEEDED` library, a `dlopen`ed one
/// and everything that one needs.
enum ImageFixtures {
    static let probeSource = """
        #include <dlfcn.h>
        #include <stdio.h>
        #include <zlib.h>
        int main(void) {
            void *curl = dlopen("libcurl.so.4", RTLD_NOW);
            if (!curl) { fprintf(stderr, "dlopen: %s\\n", dlerror()); return 2; }
            const char *(*version)(void) = (const char *(*)(void))dlsym(curl, "curl_version");
            printf("zlib %s\\n%s\\n", zlibVersion(), version());
            return 0;
        }
        """

    /// The compiled probe (`cc -lz`), built once.
    static let probe: Result<String, any Error> = Result {
        let folder = try temporaryFolder("probe")
        let source = folder.appendingPathComponent("probe.c")
        try probeSource.write(to: source, atomically: true, encoding: .utf8)
        let binary = folder.appendingPathComponent("probe").path
        let result = try runBlocking("/usr/bin/cc", ["-O1", "-o", binary, source.path, "-lz"])
        guard result.status == 0 else { throw FixtureError("cc failed: \(result.stderr)") }
        return binary
    }

    static func probeBinary() throws -> String { try probe.get() }

    /// The recipe the tests build: the probe, a user 1000:1000, /tmp and /var/cache/probe writable.
    static func recipe(epoch: Int = 0) throws -> ImageRecipe {
        var recipe = ImageRecipe(name: "probe", binary: try probeBinary())
        recipe.writablePaths = ["/tmp", "/var/cache/probe"]
        recipe.arguments = ["serve"]
        recipe.epoch = epoch
        return recipe
    }

    static func temporaryFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-image-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Runs a tool to completion (short runs only: cc, tar, gzip, readelf).
    static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ToolResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); drained.signal() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return ToolResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// An image layout read back: its manifest, config and each layer's members and bytes.
struct ReadLayout {
    var manifestBytes: Data
    var manifest: OCIManifest
    var config: OCIImageConfig
    var layers: [[UInt8]]
    var members: [TarReader.Member]
    var files: [String: [UInt8]]

    init(_ path: String) throws {
        let index = try JSONDecoder().decode(OCIIndex.self, from: Data(contentsOf: URL(fileURLWithPath: path + "/index.json")))
        func blob(_ digest: String) throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: path + "/blobs/sha256/" + digest.dropFirst("sha256:".count)))
        }
        manifestBytes = try blob(index.manifests[0].digest)
        manifest = try JSONDecoder().decode(OCIManifest.self, from: manifestBytes)
        config = try JSONDecoder().decode(OCIImageConfig.self, from: try blob(manifest.config.digest))
        layers = try manifest.layers.map { try Gzip.decompress([UInt8](try blob($0.digest))) }
        members = []
        files = [:]
        for layer in layers {
            let reader = TarReader(bytes: layer)
            for member in try reader.members() {
                members.append(member)
                if member.isFile { files["/" + member.path] = try reader.contents(of: member) }
            }
        }
    }

    func member(_ path: String) -> TarReader.Member? {
        members.first { "/" + $0.path == path }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct ToolResult {
    var status: Int32
    var stdout: String
    var stderr: String
}
