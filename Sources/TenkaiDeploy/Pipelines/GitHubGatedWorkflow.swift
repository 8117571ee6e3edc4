import TenkaiCore

/// A production workflow behind the plan gate, the shape the deploy and the image release share:
/// `plan` records a plan with the planner role (which cannot execute) and publishes its ID; the
/// approvers sign it on their own machines; the gated job waits in the GitHub environment whose
/// required reviewers are the approvers, then runs exactly that plan with the executor role.
/// The dispatch inputs reach the scripts only as environment variables (`TENKAI_<INPUT>`).
struct GitHubGatedWorkflow {
    typealias Action = PipelineFiles.Action

    /// A free-text input of the dispatch form, besides the system (always a choice).
    struct Input {
        var name: String
        var description: String
        var defaultValue: String?
    }

    var environment: EnvironmentConfig
    /// The systems the dispatch form offers.
    var systems: [String]
    var workflowName: String
    /// The header's summary, ending in "plan → approvals → <gated job>".
    var summary: String
    /// What the plan job records, after "may not execute)", wrapped as a header comment.
    var planRecords: String
    /// What the gated job does once let through, after "then", wrapped as a header comment.
    var gatedRuns: String
    var systemDescription: String
    var inputs: [Input] = []
    var planJobName: String
    var planStepName: String
    /// The command that writes the plan's JSON to `plan.json`.
    var planCommand: String
    /// The gated job's key, also the verb of its name and its step: `deploy`, `release`.
    var gatedJob: String
    /// The command that runs the approved plan `$PLAN_ID`, writing its events to `events.jsonl`.
    var gatedCommand: String

    func render() -> String {
        let name = environment.name
        let approvers = environment.approvers.map(\.name).joined(separator: ", ")
        let variables = ["system"] + inputs.map(\.name)
        let planEnvironment = GitHubWorkflows.awsEnvironment(environment, role: "tenkai-planner-\(name)", inputs: variables)
        let gatedEnvironment = GitHubWorkflows.awsEnvironment(
            environment, role: "tenkai-executor-\(name)", inputs: variables, then: ["PLAN_ID: ${{ needs.plan.outputs.plan-id }}"])
        let gatedStep = gatedJob.prefix(1).uppercased() + gatedJob.dropFirst()
        return """
            \(PipelineFiles.header)
            # \(name) (account \(environment.account), \(environment.region)): \(summary).
            # 1. `plan` (role tenkai-planner-\(name), may not execute) \(planRecords)
            # 2. \(environment.requiredApprovals) of the approvers (\(approvers)) read it with `tenkai plan show PLAN-ID --env \(name)` and sign it
            #    with `tenkai approve PLAN-ID --env \(name) --key FILE` on their own machines.
            # 3. `\(gatedJob)` waits in the GitHub environment `\(name)` (required reviewers: the same approvers), then
            #    \(gatedRuns)
            name: \(workflowName)
            on:
              workflow_dispatch:
                inputs:
                  system:
                    description: \(systemDescription)
                    required: true
                    type: choice
                    options:
            \(dispatchOptions)
            permissions: {}
            concurrency:
              group: \(name)
              cancel-in-progress: false
            jobs:
              plan:
                name: \(planJobName)
                runs-on: ubuntu-24.04
                container: \(GitHubWorkflows.image)
                permissions:
                  contents: read
                  id-token: write
                timeout-minutes: 60
            \(planEnvironment)
                outputs:
                  plan-id: ${{ steps.plan.outputs.plan-id }}
                steps:
            \(GitHubWorkflows.checkout)
                  - name: Build tenkai
                    run: make build
            \(GitHubWorkflows.fetchToken)
                  - name: \(planStepName)
                    id: plan
                    run: |
                      \(planCommand)
                      plan_id=\(PlanIDShell.extracting(from: "plan.json"))
                      echo "plan-id=$plan_id" >> "$GITHUB_OUTPUT"
                      echo "Plan \\`$plan_id\\`: approvers run \\`tenkai approve $plan_id --env \(name) --key FILE\\`" >> "$GITHUB_STEP_SUMMARY"
                  - uses: \(Action.uploadArtifact)
                    with:
                      name: tenkai
                      path: .build/release/tenkai
                      retention-days: 7
              \(gatedJob):
                name: \(gatedJob) the approved plan to \(name)
                needs: plan
                runs-on: ubuntu-24.04
                container: \(GitHubWorkflows.image)
                environment: \(name)
                permissions:
                  contents: read
                  id-token: write
                timeout-minutes: 120
            \(gatedEnvironment)
                steps:
            \(GitHubWorkflows.checkout)
            \(GitHubWorkflows.tenkaiBinary)
            \(GitHubWorkflows.fetchToken)
                  - name: Show the plan and its approvals
                    run: .build/release/tenkai plan show "$PLAN_ID" --env \(name)
                  - name: \(gatedStep) exactly that plan
                    run: \(gatedCommand)
                  - uses: \(Action.uploadArtifact)
                    if: always()
                    with:
                      name: \(gatedJob)-events-\(name)
                      path: events.jsonl

            """
    }

    /// The systems to choose from, then the free-text inputs.
    private var dispatchOptions: String {
        let options = systems.map { "          - \($0)" }
        return (options + inputs.flatMap { input in
            [
                "      \(input.name):",
                "        description: \(input.description)",
                "        required: true",
                "        type: string",
            ] + (input.defaultValue.map { ["        default: \($0)"] } ?? [])
        }).joined(separator: "\n")
    }
}
