import Foundation
import TenkaiDeploy
import TestSupport

/// A real DNS server on 127.0.0.1 that serves one zone file (dnslib's zone resolver from PyPI,
/// in .venv): the parent zone of a delegation check, as its authoritative server would answer.
///
/// ```swift
/// let dns = try await ZoneFileDNSServer.start(zone: "example.com. 300 IN NS ns1.example.com.\n")
/// defer { dns.stop() }
/// ```
final class ZoneFileDNSServer: @unchecked Sendable {
    let port: UInt16
    private let process: Process
    private let stdin: Pipe
    private let folder: URL

    private init(port: UInt16, process: Process, stdin: Pipe, folder: URL) {
        self.port = port
        self.process = process
        self.stdin = stdin
        self.folder = folder
    }

    /// The child inherits a signal mask that blocks SIGTERM, so it ends when its stdin closes (as moto does).
    static let launcher = """
        import os, runpy, sys, threading
        def watch():
            sys.stdin.buffer.read()
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
        sys.argv = ["zoneresolver"] + sys.argv[1:]
        runpy.run_module("dnslib.zoneresolver", run_name="__main__")
        """

    var query: NameServerQuery { NameServerQuery(server: "127.0.0.1", port: port, timeoutSeconds: 1) }

    static func start(zone: String) async throws -> ZoneFileDNSServer {
        let python = ProjectPaths.venvTool("python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw ZoneFileDNSServerError(description: "no .venv/bin/python: run scripts/setup.sh (it installs dnslib)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-dns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let zoneFile = folder.appendingPathComponent("parent.zone")
        try zone.write(to: zoneFile, atomically: true, encoding: .utf8)
        let port = UInt16(try freeLoopbackPort())
        let process = Process()
        process.executableURL = python
        let stdin = Pipe()
        process.standardInput = stdin
        process.arguments = ["-c", launcher, "--zone", zoneFile.path, "--port", "\(port)", "--address", "127.0.0.1", "--log=-request,-reply"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let server = ZoneFileDNSServer(port: port, process: process, stdin: stdin, folder: folder)
        for _ in 0..<100 {
            if (try? server.query.nameServers(of: "probe.invalid")) != nil { return server }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        throw ZoneFileDNSServerError(description: "dnslib's zone resolver did not answer on 127.0.0.1:\(port)")
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct ZoneFileDNSServerError: Error, CustomStringConvertible {
    var description: String
}
