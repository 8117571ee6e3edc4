import AWSClient
import ArgumentParser
import FoundationEssentials
import Tenkai
import TenkaiCore
import TenkaiDeploy

#if canImport(Glibc)
import Glibc
#endif

/// What the deploy commands share: the cloud assemblies of one environment (synthesized now from
/// the Swift sources, or read from `--assembly`), their stacks as deploy targets, AWS sessions,
/// and the reporter for progress. Either way deploy works from an assembly, checked the same way.
struct DeploySetup {
    struct SystemTargets {
        var assembly: CloudAssembly
        var targets: [DeployTarget]
        var locations: [String: StackLocation]
        var system: String { assembly.system }
        var outputsFile: URL { assembly.folder.appendingPathComponent(OutputsFile.name) }
    }

    let environment: EnvironmentConfig
    let systems: [SystemTargets]
    private(set) var aws: AWSConnections

    /// Reports every retried AWS call to `reporter` from now on.
    mutating func reportRetries(to reporter: any DeployReporter) { aws = aws.reportingRetries(to: reporter) }

    /// `writeOutput`: whether a synthesis from the sources is written to `--out` (diff leaves it alone).
    init(_ selection: DeploySelection, writeOutput: Bool) throws {
        let environmentName = selection.project.environmentNames[0]
        let assemblies = try Self.assemblies(selection, environment: environmentName, writeOutput: writeOutput)
        guard let first = assemblies.first else {
            throw TenkaiError(.usage, "nothing selected", hint: "pass --system NAME")
        }
        if let other = assemblies.first(where: { $0.manifest.environmentSHA256 != first.manifest.environmentSHA256 }) {
            throw TenkaiError(
                .invalidInput, "the assemblies of \(first.system) and \(other.system) were made from different \(environmentName) environment files",
                hint: "synthesize them together with one `tenkai synth --env \(environmentName)`")
        }
        environment = first.environment

        var unknown = Set(selection.stackNames)
        systems = assemblies.map { assembly in
            let selected = assembly.stacks.filter { selection.stackNames.isEmpty || selection.stackNames.contains($0.entry.name) }
            unknown.subtract(selected.map(\.entry.name))
            return SystemTargets(assembly: assembly, targets: selected.map(DeployTarget.init), locations: StackLocation.all(in: assembly))
        }
        if !unknown.isEmpty {
            let known = assemblies.flatMap { $0.manifest.stacks.map(\.name) }
            throw TenkaiError(
                .usage, "no stack named \(unknown.sorted().joined(separator: ", "))", hint: "known stacks: \(known.joined(separator: ", "))")
        }
        do {
            aws = AWSConnections(try AWSSession.fromEnvironment(defaultRegion: environment.region))
        } catch {
            throw TenkaiError(.invalidInput, "cannot set up AWS access: \(error)", hint: "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and AWS_REGION")
        }
    }

    private static func assemblies(_ selection: DeploySelection, environment: String, writeOutput: Bool) throws -> [CloudAssembly] {
        if let folder = selection.assembly {
            return try CloudAssembly.readAll(root: URL(fileURLWithPath: folder), environment: environment, systems: selection.project.systemNames)
        }
        let out = URL(fileURLWithPath: selection.out)
        let syntheses = try selection.project.project().synthesize(format: .json)
        if writeOutput { try Project.write(syntheses, to: out) }
        return try syntheses.map { synthesis in
            try CloudAssembly(
                folder: CloudAssembly.folder(root: out, system: synthesis.system.systemName, environment: environment),
                files: synthesis.files)
        }
    }

    var isProduction: Bool { environment.tier == .production }

    /// Before any change: the credentials must belong to the environment's account (STS
    /// GetCallerIdentity), or nothing happens and both accounts are named. An emulator on this
    /// machine (`AWS_ENDPOINT_URL` on a loopback address) has an account of its own, so the check
    /// is skipped there unless `TENKAI_ACCOUNT_CHECK=always`. The identity is asked once per command
    /// (``AWSConnections/callerIdentity()``), shared with the gate and the deploy lock.
    func verifyAccount() async throws {
        let variables = ProcessInfo.processInfo.environment
        let endpoint = variables["AWS_ENDPOINT_URL"] ?? ""
        let emulator = endpoint.contains("://127.") || endpoint.contains("://localhost") || endpoint.contains("://[::1]")
        guard !emulator || variables["TENKAI_ACCOUNT_CHECK"] == "always" else { return }
        do {
            try AccountCheck.verify(try await aws.callerIdentity(), expected: environment.account, environmentName: environment.name)
        } catch let mismatch as AccountMismatch {
            throw DeployError(.wrongAccount, mismatch.description)
        }
    }

    /// Progress for a person in a terminal, JSON lines for everything else.
    static func reporter(json: Bool) -> (reporter: any DeployReporter, terminal: TerminalProgressReporter?) {
        if json || isatty(STDOUT_FILENO) == 0 || isatty(STDERR_FILENO) == 0 {
            return (JSONLinesReporter(), nil)
        }
        let terminal = TerminalProgressReporter()
        return (terminal, terminal)
    }

    static func usesJSON(_ json: Bool) -> Bool { json || isatty(STDOUT_FILENO) == 0 }
}

extension Error {
    /// Prints a deploy command's error and gives the exit code it stands for.
    package func deployExitCode() -> ExitCode {
        switch self {
        case let error as TenkaiError:
            return error.report()
        case let error as DeployError:
            Console.error("error: \(error)")
            return error.code == .approvalRequired ? TenkaiExitCode.approvalRequired : TenkaiExitCode.failure
        case let error as ExitCode:
            return error
        default:
            Console.error("error: \(self)")
            return TenkaiExitCode.failure
        }
    }
}
