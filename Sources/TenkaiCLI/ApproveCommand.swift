import ArgumentParser
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

#if canImport(Glibc)
import Glibc
#endif

/// `tenkai approve PLAN-ID --env prod --key FILE`: an approver reads a plan from the bootstrap
/// bucket, confirms, and uploads an Ed25519-signed approval.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Read a plan, confirm, and upload your Ed25519-signed approval of it.",
        discussion: """
            The plan comes from the environment's bootstrap bucket (or --plans). It is printed in full, \
            then in a terminal you confirm by typing the environment's name; without a terminal pass --yes. \
            The key is a PKCS#8 PEM Ed25519 private key (openssl genpkey -algorithm ed25519 -out key.pem), \
            given by --key or $TENKAI_APPROVER_KEY_FILE; its public half must be one the account's gate pins. \
            The key itself is never printed. The plan's author cannot approve it.

            \(TenkaiExitCode.helpText)
            """)

    @Argument(help: "The plan's ID, as `tenkai plan` printed it.")
    var planID: String

    @Option(name: .customLong("env"), help: "The environment the plan is for.")
    var environmentName: String

    @Option(help: ArgumentHelp("Your private key file. Default: $TENKAI_APPROVER_KEY_FILE.", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("How long the approval is valid, in hours (at most until the plan expires).", valueName: "hours"))
    var validHours: Int?

    @Flag(help: "Approve without asking (for use without a terminal).")
    var yes = false

    @Option(help: ArgumentHelp("The folder of environment files.", valueName: "dir"))
    var environments: String = "Environments"

    @Option(help: ArgumentHelp("A local folder of plans, used when the bucket has none.", valueName: "dir"))
    var plans: String = DeployPlanStore.defaultFolder

    func validate() throws {
        if let validHours, !(1...720).contains(validHours) {
            throw ValidationError("--valid-hours must be 1 to 720, not \(validHours)")
        }
    }

    func run() async throws {
        do {
            let environment = try GateCommandSupport.environment(environmentName, in: environments)
            let privateKey = try readKey()
            let session = try GateCommandSupport.session(for: environment)
            let local = DeployPlanStore(folder: plans)
            let context = try await GateContext.load(session: session, environment: environment)
            let gated = GatedPlans(context: context, local: local)
            let stored = try await gated.fetch(planID)
            Console.error(stored.report.lines.joined(separator: "\n"))
            try confirm(environment: environment.name)
            let validity = validHours.map { Double($0) * 3600 }
            let approval = try await gated.approve(stored, key: privateKey, validity: validity)
            let count = Set(stored.approvals.map(\.approver) + [approval.approver]).count
            Console.output(
                "\(approval.approver) approved plan \(planID) until \(approval.expiresAt.formatted(.iso8601)); "
                    + "\(count) of \(gated.context.policy.requiredApprovals) approval(s) recorded in \(stored.location)")
        } catch {
            throw error.deployExitCode()
        }
    }

    private func readKey() throws -> Ed25519.PrivateKey {
        guard let keyPath = key ?? ProcessInfo.processInfo.environment["TENKAI_APPROVER_KEY_FILE"] else {
            throw TenkaiError(.invalidInput, "no private key given", hint: "pass --key FILE or set TENKAI_APPROVER_KEY_FILE")
        }
        guard let pem = try? String(contentsOfFile: keyPath, encoding: .utf8) else {
            throw TenkaiError(.io, "cannot read the key file \(keyPath)")
        }
        do { return try Ed25519.PrivateKey(pem: pem) } catch {
            throw TenkaiError(.invalidInput, "\(keyPath): \(error)")
        }
    }

    /// In a terminal the approver types the environment's name; elsewhere only --yes approves.
    private func confirm(environment: String) throws {
        if yes { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw TenkaiError(.invalidInput, "not approved: there is no terminal to confirm in", hint: "read the plan above, then rerun with --yes")
        }
        Console.error("Type '\(environment)' to approve this plan for \(environment): ")
        guard readLine(strippingNewline: true) == environment else {
            throw TenkaiError(.invalidInput, "not approved: the answer was not '\(environment)'")
        }
    }
}
