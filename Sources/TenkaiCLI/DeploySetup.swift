import AWSClient
import ArgumentParser
import FoundationEssentials
import Tenkai
import TenkaiCore
import TenkaiDeploy

#if canImport(Glibc)
import Glibc
#endif

/// What the deploy commands share: one environment, the selected systems and stacks rendered
/// (and written to `cloud.out` like `synth` does), AWS sessions, and the reporter for progress.
struct DeploySetup {
    struct SystemTargets {
        var synthesis: Synthesis
        var targets: [DeployTarget]
        var locations: [String: StackLocation]
        var system: String { synthesis.system.systemName }
        var outputsFile: URL
    }

    let environment: EnvironmentConfig
    let systems: [SystemTargets]
    let aws: AWSConnections
    let outputFolder: URL

    /// Resolves and renders; `stackNames` limits the stacks (an unknown name is an error).
    init(project: ProjectOptions, stackNames: [String], out: String, writeOutput: Bool) throws {
        let environments = try project.environmentConfigs()
        guard environments.count == 1, !project.environmentNames.isEmpty else {
            throw TenkaiError(.invalidInput, "deploy commands work on exactly one environment", hint: "pass --env dev (or stg, prod)")
        }
        environment = environments[0]
        outputFolder = URL(fileURLWithPath: out)
        var systems: [SystemTargets] = []
        var unknown = Set(stackNames)
        for system in try project.systems() {
            let synthesis = try Synthesis(try Resolver.resolve(system, in: environment), format: .json)
            let folder = outputFolder.appendingPathComponent(system.name).appendingPathComponent(environment.name)
            let outputsFile = folder.appendingPathComponent(OutputsFile.name)
            if writeOutput {
                try AtomicDirectoryWriter.replace(folder, with: synthesis.files, preserving: [OutputsFile.name])
            }
            let selected = synthesis.stacks.filter { stackNames.isEmpty || stackNames.contains($0.stack.name) }
            unknown.subtract(selected.map(\.stack.name))
            systems.append(
                SystemTargets(
                    synthesis: synthesis, targets: selected.map(DeployTarget.init), locations: StackLocation.all(in: synthesis.system),
                    outputsFile: outputsFile))
        }
        if !unknown.isEmpty {
            let known = systems.flatMap { $0.synthesis.stacks.map(\.stack.name) }
            throw TenkaiError(
                .notFound, "no stack named \(unknown.sorted().joined(separator: ", "))", hint: "known stacks: \(known.joined(separator: ", "))")
        }
        self.systems = systems
        do {
            aws = AWSConnections(try AWSSession.fromEnvironment(defaultRegion: environment.region))
        } catch {
            throw TenkaiError(.invalidInput, "cannot set up AWS access: \(error)", hint: "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and AWS_REGION")
        }
    }

    var isProduction: Bool { environment.tier == .production }

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
    func deployExitCode() -> ExitCode {
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
