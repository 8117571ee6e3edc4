import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A moto AWS emulator in server mode on 127.0.0.1, started as a child process for one test run.
///
/// Each instance owns its own `moto_server` on a free port, so tests that need a clean emulator
/// never see each other's state. The child also watches its standard input: when this process
/// dies without stopping it (a crash, a killed test run), the pipe closes and moto exits, so no
/// emulator is ever left behind.
///
/// ```swift
/// let moto = try await MotoServer.start(authentication: true)
/// let keys = try #require(moto.credentials)  // an IAM user allowed to do everything
/// // point a client at moto.endpoint with keys.accessKeyID / keys.secretAccessKey
/// ```
///
/// With `authentication: true` moto checks every SigV4 signature (a wrong secret gets
/// `SignatureDoesNotMatch`); without it moto accepts any request, which is what presigned URLs
/// need (moto cannot check those in authentication mode).
public final class MotoServer: Sendable {
    /// The access key of the IAM user the server created in authentication mode.
    public struct Credentials: Sendable, Equatable {
        public var accessKeyID: String
        public var secretAccessKey: String

        public init(accessKeyID: String, secretAccessKey: String) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
        }
    }

    /// The port moto listens on (127.0.0.1 only).
    public let port: Int
    /// Whether moto checks signatures.
    public let authentication: Bool
    /// `http://127.0.0.1:<port>`: the endpoint every service shares.
    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The IAM user's access key in authentication mode (`nil` without authentication). Changes on `reset()`.
    public var credentials: Credentials? { state.withLock { $0.credentials } }

    private struct State {
        var process: Process?
        var stdinPipe: Pipe?
        var credentials: Credentials?
    }
    private let state: Mutex<State>
    private let logFile: URL

    /// How many requests moto serves without checking signatures at start and after a reset: exactly
    /// the IAM calls that create the test user (`CreateUser`, `PutUserPolicy`, `CreateAccessKey`).
    static let unauthenticatedSetUpCalls = 3

    private init(port: Int, authentication: Bool, process: Process, stdinPipe: Pipe, logFile: URL) {
        self.port = port
        self.authentication = authentication
        self.logFile = logFile
        self.state = Mutex(State(process: process, stdinPipe: stdinPipe, credentials: nil))
    }

    deinit { stop() }

    /// Starts moto on a free loopback port and waits until it answers (at most `timeout`).
    ///
    /// With `authentication: true` it also creates an IAM user with an allow-all policy and an
    /// access key, available as ``credentials``. Fails with "run scripts/setup.sh" when the
    /// project's `.venv` has no moto. With `patched: true` moto first imports
    /// `scripts/moto_patches.py` (AWS behaviour it lacks; it costs start-up time, so only the
    /// tests that need it ask for it). With `cloudFormationAdditions: true` it first runs the
    /// additions of `scripts/moto-server.py` (the moto `make run` deploys to: resource types,
    /// attributes and change set behaviour moto's CloudFormation lacks), without its `main`.
    public static func start(
        authentication: Bool = false, patched: Bool = false, cloudFormationAdditions: Bool = false, timeout: Duration = .seconds(60)
    ) async throws -> MotoServer {
        let python = ProjectPaths.venvTool("python")
        guard FileManager.default.isExecutableFile(atPath: ProjectPaths.venvTool("moto_server").path),
              FileManager.default.isExecutableFile(atPath: python.path)
        else {
            throw MotoServerError("moto is not installed in \(ProjectPaths.root.path)/.venv: run scripts/setup.sh")
        }
        let port = try freeLoopbackPort()
        let logFile = try logFolder().appendingPathComponent("moto-\(port)-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: logFile.path, contents: nil) else {
            throw MotoServerError("could not create moto's log file \(logFile.path)")
        }
        let log = try FileHandle(forWritingTo: logFile)

        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", watchdogLauncher, "-H", "127.0.0.1", "-p", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = authentication ? String(unauthenticatedSetUpCalls) : nil
        if patched {
            environment["PYTHONPATH"] = ProjectPaths.root.appendingPathComponent("scripts").path
            environment["TENKAI_MOTO_PATCHES"] = "1"
        }
        if cloudFormationAdditions {
            environment["TENKAI_MOTO_SERVER_SCRIPT"] = ProjectPaths.root.appendingPathComponent("scripts/moto-server.py").path
        }
        process.environment = environment
        let stdinPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try? log.close()

        let server = MotoServer(
            port: port, authentication: authentication, process: process, stdinPipe: stdinPipe, logFile: logFile
        )
        try await server.waitUntilReady(timeout: timeout)
        if authentication {
            let credentials = try await server.createAdministrator()
            server.state.withLock { $0.credentials = credentials }
        }
        return server
    }

    /// Wipes all emulated state. In authentication mode the IAM user is created again, so
    /// ``credentials`` changes.
    public func reset() async throws {
        _ = try await call(path: "/moto-api/reset", body: Data())
        guard authentication else { return }
        _ = try await call(path: "/moto-api/reset-auth", body: Data(String(Self.unauthenticatedSetUpCalls).utf8))
        let credentials = try await createAdministrator()
        state.withLock { $0.credentials = credentials }
    }

    /// Stops the emulator (also done when the last reference goes away).
    public func stop() {
        let (process, pipe) = state.withLock { state in
            defer { state.process = nil; state.stdinPipe = nil }
            return (state.process, state.stdinPipe)
        }
        guard let process else { return }
        try? pipe?.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logFile)
    }

    /// What moto wrote to its log so far: attach it to a failing test's message.
    public func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    // MARK: - Starting

    /// `.build/moto-logs` of this checkout. Servers that live until the test process exits cannot
    /// delete their own log, so logs older than an hour are swept here instead of piling up.
    private static func logFolder() throws -> URL {
        let folder = ProjectPaths.root.appendingPathComponent(".build/moto-logs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cutoff = Date().addingTimeInterval(-3600)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let file = folder.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate]) as? Date
            if let modified, modified < cutoff { try? FileManager.default.removeItem(at: file) }
        }
        return folder
    }

    /// Runs moto's own `main` after starting a thread that exits the interpreter once standard
    /// input closes, which happens when the test process goes away for any reason.
    private static let watchdogLauncher = """
        import os, sys, threading
        def watch():
            sys.stdin.buffer.read()
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
        if os.environ.get("TENKAI_MOTO_PATCHES"):
            import moto_patches
        if os.environ.get("TENKAI_MOTO_SERVER_SCRIPT"):
            import runpy
            runpy.run_path(os.environ["TENKAI_MOTO_SERVER_SCRIPT"], run_name="moto_server_additions")
        from moto.server import main
        main(sys.argv[1:])
        """

    private func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let running = state.withLock { $0.process?.isRunning ?? false }
            guard running else {
                throw MotoServerError("moto_server exited during start-up. Its log:\n\(log())")
            }
            if (try? await call(path: "/moto-api/", body: nil)) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw MotoServerError("moto_server did not answer on 127.0.0.1:\(port) within \(timeout)")
    }

    // MARK: - Talking to moto

    /// Sends one request to moto and returns the body, failing on any status over 299.
    func call(path: String, body: Data?, headers: [String: String] = [:]) async throws -> Data {
        var request = URLRequest(url: endpoint.appendingPathComponent(path))
        request.httpMethod = body == nil ? "GET" : "POST"
        request.httpBody = body
        request.timeoutInterval = 30
        request.setValue("text/plain", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw MotoServerError("moto answered \(path) with HTTP \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }
}

/// Something went wrong starting or driving the moto emulator.
public struct MotoServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it).
public func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw MotoServerError("socket() failed: errno \(errno)") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
            bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
        }
    }
    guard bound else { throw MotoServerError("could not bind a loopback port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
