import Tenkai
import TenkaiCore
import TenkaiCost

/// The operator's manual of one system in one environment, written from its cloud assembly:
/// what is deployed, a drawing, the cost estimate, and the procedures (deploy, release,
/// rollback, configuration change, troubleshooting, backup and restore) with the exact commands
/// for this system and environment.
///
/// ```swift
/// let markdown = OperatorDocument(assembly: assembly, cost: cost).markdown
/// ```
public struct OperatorDocument: Sendable {
    public var assembly: CloudAssembly
    public var cost: SystemCost?
    /// The last deploy's output values, when there was one.
    public var outputs: DeployedOutputs?

    public init(assembly: CloudAssembly, cost: SystemCost?, outputs: DeployedOutputs? = nil) {
        self.assembly = assembly
        self.cost = cost
        self.outputs = outputs
    }

    private var system: String { assembly.system }
    private var environment: EnvironmentConfig { assembly.environment }
    private var isProduction: Bool { environment.tier == .production }
    private var selection: String { "--env \(environment.name) --system \(system)" }

    public var markdown: String {
        [title, deployed, diagram, costSection, deployProcedure, releaseProcedure, configurationProcedure, troubleshooting,
         DataStoreProcedures(assembly: assembly).markdown]
            .joined(separator: "\n\n") + "\n"
    }

    private var title: String {
        """
        # \(system) · \(environment.name): operator manual

        Written by `tenkai docs \(selection)` from the cloud assembly (\(assembly.manifest.stacks.count) stacks, \
        environment file SHA-256 `\(assembly.manifest.environmentSHA256.prefix(12))…`). Regenerate it after every change; \
        do not edit it by hand.
        """
    }

    private var deployed: String {
        var text = """
            ## What is deployed

            | | |
            |---|---|
            | Account | \(environment.account) |
            | Region | \(environment.region) |
            | Tier | \(environment.tier.rawValue) |
            | Domain | \(environment.domain) |
            | Multi-AZ | \(environment.multiAZ ? "yes" : "no") (\(environment.availabilityZones) availability zones) |
            | Release | \(environment.release.description) |
            | Approvals for a deploy | \(environment.requiredApprovals) of \(environment.approvers.map(\.name).joined(separator: ", ").nonEmpty ?? "nobody") |

            ### Stacks (in deploy order)

            | Stack | CloudFormation stack | Region | Resources | Depends on | Outputs |
            |---|---|---|---:|---|---|

            """
        for stack in assembly.manifest.stacks {
            let outputs = stack.outputs.map { output in output.export.map { "\(output.name) (export \($0))" } ?? output.name }
            text += "| \(stack.name) | `\(stack.stackName)` | \(stack.region) | \(stack.resources) | \(stack.dependsOn.joined(separator: ", ")) | \(outputs.joined(separator: "<br/>")) |\n"
        }
        text += """

            ### Components

            | Component | Kind | Stack | Resources | Uses | Alarms |
            |---|---|---|---:|---|---:|

            """
        for component in assembly.components.components {
            let uses = component.uses.map { String($0.split(separator: "/").last ?? "") }
            text += "| \(component.path) | \(component.kinds.joined(separator: "+")) | \(component.stack) | \(component.resources.count) | \(uses.joined(separator: ", ")) | \(component.alarms.count) |\n"
        }
        if let outputs, !outputs.stacks.isEmpty {
            text += "\n### Endpoints and outputs (from the last deploy)\n\n" + outputs.markdown(order: assembly.manifest.stacks.map(\.name)) + "\n"
        } else {
            text += "\nEndpoints: the outputs above; a deploy writes their values to `cloud.out/\(system)/\(environment.name)/\(CloudAssembly.outputsFileName)` (none yet), and `tenkai status \(selection)` shows each stack's state."
        }
        return text
    }

    private var diagram: String {
        """
        ## Diagram

        ```mermaid
        \(MermaidRenderer.render(SystemDiagram(assembly)).dropLast())
        ```
        """
    }

    private var costSection: String {
        guard let cost else { return "## Cost\n\nNo price sheet for \(environment.region): run `tenkai cost \(selection) --prices FILE`." }
        return """
            ## Cost

            \(CostReport.summary(cost).markdown)

            \(CostReport.assumptions(cost).markdown)

            List prices without free tiers, discounts or tax; `tenkai cost \(selection) --details` lists every priced line.
            """
    }

    private var deployProcedure: String {
        let deploy = isProduction
            ? """
                tenkai plan \(selection)                      # prints PLAN-ID and what changes
                tenkai approve PLAN-ID --env \(environment.name) --key KEY.pem   # each approver, \(environment.requiredApprovals) needed
                tenkai deploy \(selection) --plan PLAN-ID
                """
            : "tenkai deploy \(selection)"
        return """
            ## Deploy

            ```sh
            tenkai synth \(selection)                         # writes cloud.out/\(system)/\(environment.name)
            tenkai cost \(selection) --compare-assembly PREVIOUS_ASSEMBLY   # what the change costs
            tenkai diff \(selection) --assembly cloud.out     # exit 2: there are changes
            \(deploy)
            tenkai status \(selection)
            ```

            Stacks deploy in the order above; a failure names the first failing resource and CloudFormation rolls that stack back.
            """
    }

    private var releaseProcedure: String {
        """
        ## Release and rollback

        The release strategy here is **\(environment.release.description)**. A release ships a new image: \
        `tenkai release` runs the service's migration once, starts the new version beside the old one behind \
        the green target group, moves traffic by listener weights and bakes while it watches the alarms and \
        the new targets. An alarm, an unhealthy target, a failed step or Ctrl-C puts all traffic back on the \
        old version with one listener call and exits 1; nothing else needs doing.\(appServerRelease)

        ```sh
        tenkai image build --product fileshare --argument serve
        tenkai image push --image cloud.out/images/fileshare --to REGISTRY/REPOSITORY:TAG   # prints repo@sha256:…
        tenkai release \(selection) --image REPOSITORY@sha256:DIGEST
        ```

        To roll back a release that already finished, release the previous image the same way. To roll back \
        infrastructure, deploy the previous assembly (CI keeps one per commit):

        ```sh
        tenkai deploy \(selection) --assembly PREVIOUS_ASSEMBLY\(isProduction ? "   # production: plan and approve it first" : "")
        ```
        """
    }

    private var configurationProcedure: String {
        let settings = environment.systems[system]
        var known: [String] = []
        if let settings {
            known += settings.values.settingLines(path: "").sorted()
            known += settings.usage.keys.sorted().map { "usage.\($0) = \(settings.usage[$0]!)" }
        }
        return """
            ## Changing the configuration

            The system's settings live in `\(environment.file)` under `systems.\(system)` (their type and meaning in Swift under `Stacks/`); structure lives in Swift too.

            1. Edit the file (unknown keys and wrong types are errors with their line).
            2. `tenkai synth \(selection)` and `tenkai cost \(selection) --compare-assembly PREVIOUS_ASSEMBLY`.
            3. `tenkai diff \(selection)`: read every replacement and removal; stateful ones are called out.
            4. Deploy as above\(isProduction ? " (plan, approvals, deploy --plan)" : "").

            Current values:

            ```
            \(known.isEmpty ? "(none)" : known.joined(separator: "\n"))
            ```
            """
    }

    private var troubleshooting: String {
        let stack = assembly.manifest.stacks.first?.stackName ?? "STACK"
        return """
            ## Troubleshooting

            | Symptom (tenkai says) | What to do |
            |---|---|
            | an operation is already running | wait, or run deploy again without `--no-wait` |
            | the stack is in UPDATE_ROLLBACK_FAILED | fix the cause, then `aws cloudformation continue-update-rollback --stack-name \(stack) --region \(environment.region)` (with `--resources-to-skip` for what cannot roll back) |
            | the stack is in DELETE_FAILED | remove what blocks the deletion (a non-empty bucket, a retained resource), then `tenkai destroy` again |
            | ROLLBACK_COMPLETE | the first create failed; the next deploy deletes the stack and creates it again |
            | production refuses to replace or remove stateful resources | if the data may go: `--allow-replacement LOGICAL-ID`; otherwise change the code so the resource is kept |
            | parameter … needs output … of stack … | deploy the named stack first (or deploy all stacks) |
            | approvals missing or from the plan's author | approvers run `tenkai approve PLAN-ID`; the author cannot approve their own plan |
            | the assembly was changed after synth | synthesize it again; never edit an assembly |
            | an alarm during a release bake | the release returns to blue; read the alarm in CloudWatch, fix, release again |
            \(appServerSteps)
            """
    }

    /// How a release differs on app servers (EC2), when the system has them.
    private var appServerRelease: String {
        guard assembly.components.components.contains(where: { $0.kinds.contains("AppServers") }) else { return "" }
        return """


            On the app servers (EC2) the new version is a launch template version whose cloud-init runs the new \
            image; the idle Auto Scaling group moves to it and to the serving group's size, the listener rule's \
            weights move. At the end the stack takes the image (a launch template version both groups move to), \
            blue is refilled from it, takes all traffic back, and green goes to zero. There is no one-off migration \
            task: the app migrates its database when it starts.
            """
    }

    /// How to reach app servers (EC2) without SSH, when the system has them.
    private var appServerSteps: String {
        let groups = assembly.components.components.filter { $0.kinds.contains("AppServers") }
        guard !groups.isEmpty else { return "" }
        var text = "\n### App servers (EC2)\n\nNo SSH and no key pair: connect with Session Manager, then restart the app with the script cloud-init installed.\n"
        for component in groups {
            let name = "\(system)-\(environment.name)-\(component.name)"
            text += """

                ```sh
                aws ec2 describe-instances --region \(environment.region) --filters Name=tag:Name,Values=\(name)-blue,\(name)-green Name=instance-state-name,Values=running --query 'Reservations[].Instances[].InstanceId'
                aws ssm start-session --region \(environment.region) --target INSTANCE_ID
                sudo /usr/local/sbin/tenkai-start-app     # on the instance: fetch secrets, pull the image, run it again
                sudo docker logs --tail 100 app
                ```

                """
        }
        return text
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

extension YAMLNode {
    /// `key = value` for every scalar of a settings map, nested keys dotted.
    fileprivate func settingLines(path: String) -> [String] {
        switch self {
        case .scalar(let text, _, _): ["\(path) = \(text)"]
        case .sequence(let items, _): items.enumerated().flatMap { $0.element.settingLines(path: "\(path)[\($0.offset)]") }
        case .mapping(let pairs, _): pairs.flatMap { $0.value.settingLines(path: path.isEmpty ? $0.key : "\(path).\($0.key)") }
        }
    }
}
