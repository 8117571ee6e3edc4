import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Runs a command through `/bin/sh -c` with standard input from /dev/null and standard error
/// passed through, and collects its standard output. Blocks: call it off the cooperative pool.
enum ShellCommand {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Standard output and the exit status (a signal's number + 128 when it was killed).
    static func run(_ command: String) throws(Failure) -> (output: Data, status: Int32) {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw Failure(description: "cannot create a pipe: \(String(cString: strerror(errno)))") }
        // Close-on-exec, so other children started meanwhile do not inherit them (the dup2 below
        // gives the child its own descriptor 1 without the flag).
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])

        let arguments = ["/bin/sh", "-c", command].map { (argument: String) in strdup(argument) }
        defer { arguments.forEach { free($0) } }
        var processID = pid_t()
        let spawned = posix_spawn(&processID, "/bin/sh", &actions, nil, arguments + [nil], environ)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            throw Failure(description: "cannot start /bin/sh: \(String(cString: strerror(spawned)))")
        }

        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            output.append(contentsOf: buffer[..<count])
        }
        close(pipeEnds[0])

        var status: Int32 = 0
        while waitpid(processID, &status, 0) < 0, errno == EINTR {}
        let signal = status & 0x7f
        return (output, signal == 0 ? (status >> 8) & 0xff : 128 + signal)
    }
}
