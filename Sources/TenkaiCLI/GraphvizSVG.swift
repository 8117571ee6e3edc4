import FoundationEssentials
import TenkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// Renders DOT to SVG with Graphviz's `dot` (Debian `graphviz`), found on the PATH.
enum GraphvizSVG {
    /// The SVG of `dot`, or nil when Graphviz is not installed; a drawing `dot` refuses is an error.
    static func render(_ dot: String) throws(TenkaiError) -> [UInt8]? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-dot-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("diagram.dot"), output = folder.appendingPathComponent("diagram.svg")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(dot.utf8).write(to: input)
        } catch {
            throw TenkaiError(.io, "cannot write a temporary file in \(folder.deletingLastPathComponent().path)", hint: "check TMPDIR")
        }
        let arguments: [UnsafeMutablePointer<CChar>?] = ["dot", "-Tsvg", "-o", output.path, input.path].map { (argument: String) in strdup(argument) }
        defer { arguments.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var processID = pid_t()
        let spawned = posix_spawnp(&processID, "dot", &actions, nil, arguments + [nil], environ)
        if spawned == ENOENT { return nil }
        guard spawned == 0 else {
            throw TenkaiError(.io, "cannot start Graphviz's dot: \(String(cString: strerror(spawned)))", hint: "apt-get install graphviz")
        }
        var status: Int32 = 0
        while waitpid(processID, &status, 0) < 0, errno == EINTR {}
        guard status == 0, let svg = try? Data(contentsOf: output), !svg.isEmpty else {
            throw TenkaiError(.invalidInput, "Graphviz's dot could not draw the diagram (status \(status))", hint: "run dot -Tsvg on the .dot file to see why")
        }
        return Array(svg)
    }
}
