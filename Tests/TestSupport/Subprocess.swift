import Foundation

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a program to completion and captures its output. Both pipes are drained while the child
/// runs, so a chatty child cannot fill a pipe and dead-lock.
///
/// The child is started and waited for on a thread of its own: cfn-lint or a browser runs for
/// seconds, and a test blocking one of the cooperative pool's threads (two, on this machine)
/// that long stalls every other async test.
@discardableResult
public func runProcess(
    _ executable: URL,
    _ arguments: [String],
    environment: [String: String]? = nil,
    currentDirectory: URL? = nil,
    stdin: Data? = nil
) async throws -> ProcessResult {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result {
                try runProcessBlocking(executable, arguments, environment: environment, currentDirectory: currentDirectory, stdin: stdin)
            })
        }
    }
}

private func runProcessBlocking(
    _ executable: URL,
    _ arguments: [String],
    environment: [String: String]?,
    currentDirectory: URL?,
    stdin: Data?
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    try process.run()
    if let stdin {
        input.fileHandleForWriting.write(stdin)
        try? input.fileHandleForWriting.close()
    }
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data(), errData = Data()
    group.enter()
    DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.enter()
    DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.wait()
    return ProcessResult(
        status: waitForExit(process),
        stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self)
    )
}

/// The child's exit status once its pipes have closed. Foundation on Linux learns of a child's
/// exit from SIGCHLD; once, in a long run on a loaded machine, that notice was lost and
/// `waitUntilExit` never returned while the child sat as a zombie. So Foundation gets a few
/// seconds, then the child is reaped here (the status read as Foundation would: the exit code,
/// or the signal's number).
private func waitForExit(_ process: Process) -> Int32 {
    let deadline = Date().addingTimeInterval(5)
    while process.isRunning, Date() < deadline { usleep(2_000) }
    guard process.isRunning else { return process.terminationStatus }
    var status: Int32 = 0
    guard waitpid(process.processIdentifier, &status, 0) == process.processIdentifier else {
        process.waitUntilExit()
        return process.terminationStatus
    }
    return status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
}
