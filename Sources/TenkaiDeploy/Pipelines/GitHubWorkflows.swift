import TenkaiCore

/// The GitHub Actions workflows. Values from outside (the plan ID a job produced) reach shell
/// steps only through environment variables, never through `${{ }}` inside a script; every job
/// asks only for the permissions it uses (`id-token: write` only where it assumes an AWS role).
enum GitHubWorkflows {
    typealias Action = PipelineFiles.Action

    static let image = "swift:6.3-bookworm"

    /// Writes GitHub's OIDC token where the AWS credential chain reads it (`AWS_WEB_IDENTITY_TOKEN_FILE`).
    static let fetchToken = """
              - name: Fetch the OIDC token for AWS
                run: |
                  curl -sSf -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \\
                    "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=sts.amazonaws.com" \\
                    | sed -E 's/.*"value":"([^"]+)".*/\\1/' > "$AWS_WEB_IDENTITY_TOKEN_FILE"
        """

    static let checkout = """
              - uses: \(Action.checkout)
                with:
                  persist-credentials: false
        """

    static let tenkaiBinary = """
              - uses: \(Action.downloadArtifact)
                with:
                  name: tenkai
                  path: .build/release
              - name: Make tenkai executable
                run: chmod +x .build/release/tenkai
        """

    /// The job's `env:` block: the dispatch inputs named in `inputs` (as `TENKAI_<INPUT>`), the role
    /// the job assumes with GitHub's OIDC token, then `then`'s lines.
    static func awsEnvironment(_ environment: EnvironmentConfig, role: String, inputs: [String] = [], then: [String] = []) -> String {
        let lines = inputs.map { "TENKAI_\($0.uppercased()): ${{ inputs.\($0) }}" } + [
            "AWS_ROLE_ARN: \(PipelineFiles.roleARN(environment, role))",
            "AWS_REGION: \(environment.region)",
            "AWS_WEB_IDENTITY_TOKEN_FILE: /tmp/web-identity-token",
        ] + then
        return (["    env:"] + lines.map { "      " + $0 }).joined(separator: "\n")
    }

    /// `make test` on every push and pull request.
    static func tests() -> String {
        """
        \(PipelineFiles.header)
        # Every push and pull request: the whole test suite, the same `make test` as .ci/run.
        name: ci
        on:
          push:
          pull_request:
        permissions: {}
        jobs:
          test:
            name: make test
            runs-on: ubuntu-24.04
            container: \(image)
            permissions:
              contents: read
            timeout-minutes: 60
            steps:
        \(checkout)
              - name: make test
                run: make test

        """
    }

    /// main: build and synthesize once, then deploy the same binary and cloud assembly to each
    /// environment in order.
    static func release(_ environments: [EnvironmentConfig]) -> String {
        var text = """
            \(PipelineFiles.header)
            # main: build tenkai and synthesize once, then release to \(environments.map(\.name).joined(separator: ", then ")), \
            each job with its own
            # OIDC role (trust pinned on the repository and the GitHub environment). Never cancelled half-way.
            name: release
            on:
              push:
                branches: [main]
            permissions: {}
            concurrency:
              group: release
              cancel-in-progress: false
            jobs:
              synth:
                name: build and synthesize
                runs-on: ubuntu-24.04
                container: \(image)
                permissions:
                  contents: read
                timeout-minutes: 60
                steps:
            \(checkout)
                  - name: Build tenkai
                    run: make build
                  - name: Synthesize every system and environment
                    run: .build/release/tenkai synth
                  - uses: \(Action.uploadArtifact)
                    with:
                      name: tenkai
                      path: .build/release/tenkai
                      retention-days: 7
                  - uses: \(Action.uploadArtifact)
                    with:
                      name: cloud-assembly
                      path: cloud.out
                      retention-days: 30

            """
        var previous = "synth"
        for environment in environments {
            text += """
                  \(environment.name):
                    name: deploy \(environment.name) (account \(environment.account))
                    needs: \(previous)
                    runs-on: ubuntu-24.04
                    container: \(image)
                    environment: \(environment.name)
                    permissions:
                      contents: read
                      id-token: write
                    timeout-minutes: 90
                \(awsEnvironment(environment, role: "tenkai-deploy-\(environment.name)"))
                    steps:
                \(checkout)
                \(tenkaiBinary)
                      - uses: \(Action.downloadArtifact)
                        with:
                          name: cloud-assembly
                          path: cloud.out
                \(fetchToken)
                      - name: Deploy \(environment.name)
                        run: .build/release/tenkai deploy --assembly cloud.out --env \(environment.name) --json > events.jsonl
                      - uses: \(Action.uploadArtifact)
                        if: always()
                        with:
                          name: deploy-events-\(environment.name)
                          path: events.jsonl

                """
            previous = environment.name
        }
        return text
    }

    /// Production: CI plans with a role that cannot execute; the approvers sign on their own
    /// machines; the deploy job, in a GitHub environment whose required reviewers are the
    /// approvers, assumes the only role that may execute change sets and runs exactly that plan.
    static func production(_ environment: EnvironmentConfig, systems: [String]) -> String {
        let name = environment.name
        return GitHubGatedWorkflow(
            environment: environment, systems: systems, workflowName: name,
            summary: "plan → approvals → deploy",
            planRecords: """
                stores the plan in the bootstrap bucket; its ID is this
                #    job's output and the run's summary.
                """,
            gatedRuns: "(role tenkai-executor-\(name), the only one that may execute change sets) runs exactly that plan.",
            systemDescription: "The system to plan and deploy",
            planJobName: "plan \(name)", planStepName: "Plan",
            planCommand: #".build/release/tenkai plan --env \#(name) --system "$TENKAI_SYSTEM" --json > plan.json"#,
            gatedJob: "deploy",
            gatedCommand: #".build/release/tenkai deploy --env \#(name) --system "$TENKAI_SYSTEM" --plan "$PLAN_ID" --json > events.jsonl"#
        ).render()
    }
}
