import ArgumentParser
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// `tenkai approve PLAN-ID`: an approver's Ed25519-signed approval of a plan.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Sign an approval of a plan with your Ed25519 key.",
        discussion: """
            The key is a PKCS#8 PEM Ed25519 private key (openssl genpkey -algorithm ed25519 -out key.pem), \
            given by --key or $TENKAI_APPROVER_KEY_FILE. Its public half must be listed for you in the \
            environment file; the key itself is never printed.

            \(TenkaiExitCode.helpText)
            """)

    @Argument(help: "The plan's ID, as `tenkai plan` printed it.")
    var planID: String

    @Option(name: .customLong("env"), help: "The environment the plan is for.")
    var environmentName: String

    @Option(help: ArgumentHelp("Your approver name in the environment file. Default: the approver whose public key matches --key.", valueName: "name"))
    var approver: String?

    @Option(help: ArgumentHelp("Your private key file. Default: $TENKAI_APPROVER_KEY_FILE.", valueName: "file"))
    var key: String?

    @Option(help: "How long the approval is valid, in hours.")
    var validHours = 24

    @Option(help: ArgumentHelp("The folder of environment files.", valueName: "dir"))
    var environments: String = "Environments"

    @Option(help: ArgumentHelp("Where plans and approvals are kept.", valueName: "dir"))
    var plans: String = DeployPlanStore.defaultFolder

    func run() async throws {
        do {
            let all = try EnvironmentLoader.loadAll(from: URL(fileURLWithPath: environments))
            guard let environment = all.first(where: { $0.name == environmentName }) else {
                throw TenkaiError(.notFound, "there is no environment named '\(environmentName)'", hint: "known: \(all.map(\.name).joined(separator: ", "))")
            }
            guard let keyPath = key ?? ProcessInfo.processInfo.environment["TENKAI_APPROVER_KEY_FILE"] else {
                throw TenkaiError(.invalidInput, "no private key given", hint: "pass --key FILE or set TENKAI_APPROVER_KEY_FILE")
            }
            guard let pem = try? String(contentsOfFile: keyPath, encoding: .utf8) else {
                throw TenkaiError(.io, "cannot read the key file \(keyPath)")
            }
            let privateKey: Ed25519.PrivateKey
            do { privateKey = try Ed25519.PrivateKey(pem: pem) } catch {
                throw TenkaiError(.invalidInput, "\(keyPath): \(error)")
            }
            let publicKey = try privateKey.publicKeyBase64
            guard let entry = environment.approvers.first(where: { approver == nil ? $0.publicKey == publicKey : $0.name == approver }) else {
                throw DeployError(.approvalRequired, "this key belongs to no approver of \(environment.name)", hint: "ask for your public key \(publicKey) to be listed in \(environment.file)")
            }
            guard entry.publicKey == publicKey else {
                throw DeployError(.approvalRequired, "the key is not \(entry.name)'s key in \(environment.file)")
            }
            let store = DeployPlanStore(folder: plans)
            let plan = try store.plan(planID)
            guard plan.environment == environment.name else {
                throw DeployError(.invalidPlan, "plan \(planID) is for environment \(plan.environment), not \(environment.name)")
            }
            guard plan.author != entry.name else {
                throw DeployError(.approvalRequired, "\(entry.name) made this plan and cannot approve it", hint: "another approver must")
            }
            let approval = try PlanApproval.sign(
                planID: plan.id, approver: entry.name, author: plan.author, expiresAt: Date().addingTimeInterval(Double(validHours) * 3600), key: privateKey)
            try store.save(approval)
            let count = store.approvals(planID).count
            Console.output("\(entry.name) approved plan \(planID) (valid \(validHours) h); \(count) of \(environment.requiredApprovals) approval(s) recorded")
        } catch {
            throw error.deployExitCode()
        }
    }
}
