import ArgumentParser
import TenkaiCore

/// What the commands that talk to AWS select: one environment, systems, stacks, and either the
/// Swift sources (synthesized into `--out` first) or an assembly synthesized earlier.
struct DeploySelection: ParsableArguments {
    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("stack"), help: "Only this stack of the one --system (repeatable). Default: every stack.")
    var stackNames: [String] = []

    @Option(help: ArgumentHelp(
        "Use this synthesized cloud assembly (the folder `tenkai synth` wrote, holding <system>/<env>/manifest.json) instead of the Swift sources.",
        valueName: "dir"))
    var assembly: String?

    @Option(help: ArgumentHelp("The output folder synth writes the assembly to (and deploy its outputs.json).", valueName: "dir"))
    var out: String = "cloud.out"

    func validate() throws {
        guard project.environmentNames.count == 1 else {
            throw ValidationError("this command works on exactly one environment: pass --env NAME (dev, stg, prod)")
        }
        if !stackNames.isEmpty && project.systemNames.count != 1 {
            throw ValidationError("--stack names stacks of one system: pass exactly one --system with it")
        }
    }
}
