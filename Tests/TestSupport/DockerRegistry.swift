import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Debian's `docker-registry` (the CNCF distribution registry, 2.8) serving the OCI
/// distribution API on 127.0.0.1, started for one test with its storage in a temporary folder.
///
/// The registry runs under a small shell that kills it when its standard input closes, which
/// happens when this process goes away for any reason, so no registry is left behind.
///
/// ```swift
/// let registry = try await DockerRegistry.start()
/// defer { registry.stop() }
/// // push to "\(registry.host)/fileshare:1.0"
/// ```
public final class DockerRegistry: Sendable {
    public let port: Int
    /// `127.0.0.1:<port>`, the registry part of an image reference.
    public var host: String { "127.0.0.1:\(port)" }
    public var baseURL: URL { URL(string: "http://\(host)")! }
    /// Where the registry keeps blobs and manifests.
    public let storage: URL

    private let state: Mutex<(process: Process?, stdin: Pipe?)>
    private let logFile: URL

    private init(port: Int, storage: URL, process: Process, stdin: Pipe, logFile: URL) {
        self.port = port
        self.storage = storage
        self.logFile = logFile
        self.state = Mutex((process, stdin))
    }

    deinit { stop() }

    /// `configuration`: more of the registry's YAML, appended at the top level (`auth: token: …`).
    public static func start(timeout: Duration = .seconds(90), configuration: String = "") async throws -> DockerRegistry {
        let executable = "/usr/bin/docker-registry"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw DockerRegistryError("\(executable) is missing: run scripts/setup.sh (it installs Debian's docker-registry)")
        }
        let port = try freeLoopbackPort()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-registry-\(UUID().uuidString)")
        let storage = folder.appendingPathComponent("storage")
        try FileManager.default.createDirectory(at: storage, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("config.yml")
        try ("""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: \(storage.path)
            http:
              addr: 127.0.0.1:\(port)
            """ + (configuration.isEmpty ? "" : "\n" + configuration)).write(to: config, atomically: true, encoding: .utf8)
        let logFile = folder.appendingPathComponent("registry.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" serve \"$1\" & child=$!; cat >/dev/null; kill $child; wait $child", executable, config.path]
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try? log.close()
        let registry = DockerRegistry(port: port, storage: storage, process: process, stdin: stdin, logFile: logFile)
        try await registry.waitUntilReady(timeout: timeout)
        return registry
    }

    /// Stops the registry and deletes its storage.
    public func stop() {
        let (process, stdin) = state.withLock { state in
            defer { state = (nil, nil) }
            return state
        }
        guard let process else { return }
        try? stdin?.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: storage.deletingLastPathComponent())
    }

    /// What the registry logged so far.
    public func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// One request to the registry: status, headers (lower-cased names) and body.
    public func request(
        _ method: String, _ path: String, headers: [String: String] = [:], timeout: TimeInterval = 30
    ) async throws -> (status: Int, headers: [String: String], body: Data) {
        var request = URLRequest(url: URL(string: baseURL.absoluteString + path)!)
        request.httpMethod = method
        request.timeoutInterval = timeout
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return (http?.statusCode ?? 0, fields, data)
    }

    private func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard state.withLock({ $0.process?.isRunning ?? false }) else {
                throw DockerRegistryError("docker-registry exited during start-up. Its log:\n\(log())")
            }
            // 401: it is up and wants a token (token authentication configured).
            // Each probe is short: one that met a registry still starting must not use up the whole wait.
            if let answer = try? await request("GET", "/v2/", timeout: 2), answer.status == 200 || answer.status == 401 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = log()
        stop()
        throw DockerRegistryError("docker-registry did not answer on 127.0.0.1:\(port) within \(timeout). Its log:\n\(log)")
    }
}

public struct DockerRegistryError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
