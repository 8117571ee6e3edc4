import TenkaiCore

extension GitHubWorkflows {
    /// An image release to production, through the same gate as a deploy: CI records the release
    /// plan with a role that cannot change anything; the approvers sign it on their own machines;
    /// the release job waits in the GitHub environment whose required reviewers are the approvers,
    /// then runs exactly that plan (same image, service and strategy) once. The inputs reach the
    /// scripts only as environment variables.
    static func productionRelease(_ environment: EnvironmentConfig, systems: [String]) -> String {
        let name = environment.name
        let approvers = environment.approvers.map(\.name).joined(separator: ", ")
        let inputs = """
                  TENKAI_SYSTEM: ${{ inputs.system }}
                  TENKAI_SERVICE: ${{ inputs.service }}
                  TENKAI_IMAGE: ${{ inputs.image }}
            """
        let release = #"--env \#(name) --system "$TENKAI_SYSTEM" --service "$TENKAI_SERVICE" --image "$TENKAI_IMAGE""#
        return """
            \(PipelineFiles.header)
            # \(name) (account \(environment.account), \(environment.region)): an image release, plan → approvals → release.
            # 1. `plan` (role tenkai-planner-\(name), may not execute) records the release plan (image by digest, service,
            #    strategy, the stacks' states) in the bootstrap bucket; its ID is this job's output and the run's summary.
            # 2. \(environment.requiredApprovals) of the approvers (\(approvers)) read it with `tenkai plan show PLAN-ID --env \(name)` and sign it
            #    with `tenkai approve PLAN-ID --env \(name) --key FILE` on their own machines.
            # 3. `release` waits in the GitHub environment `\(name)` (required reviewers: the same approvers), then
            #    (role tenkai-executor-\(name)) releases exactly that plan, once.
            name: \(name)-release
            on:
              workflow_dispatch:
                inputs:
                  system:
                    description: The system whose service is released
                    required: true
                    type: choice
                    options:
            \(systems.map { "          - \($0)" }.joined(separator: "\n"))
                  service:
                    description: The service's component name
                    required: true
                    type: string
                    default: web
                  image:
                    description: The image by digest (host/repository@sha256:…), as released to stg
                    required: true
                    type: string
            permissions: {}
            concurrency:
              group: \(name)
              cancel-in-progress: false
            jobs:
              plan:
                name: plan the \(name) release
                runs-on: ubuntu-24.04
                container: \(image)
                permissions:
                  contents: read
                  id-token: write
                timeout-minutes: 60
                env:
            \(inputs)
                  AWS_ROLE_ARN: \(PipelineFiles.roleARN(environment, "tenkai-planner-\(name)"))
                  AWS_REGION: \(environment.region)
                  AWS_WEB_IDENTITY_TOKEN_FILE: /tmp/web-identity-token
                outputs:
                  plan-id: ${{ steps.plan.outputs.plan-id }}
                steps:
            \(checkout)
                  - name: Build tenkai
                    run: make build
            \(fetchToken)
                  - name: Plan the release
                    id: plan
                    run: |
                      .build/release/tenkai plan release \(release) > plan.json
                      plan_id=$(grep -o '"planId" *: *"[0-9a-f]\\{64\\}"' plan.json | grep -o '[0-9a-f]\\{64\\}')
                      echo "plan-id=$plan_id" >> "$GITHUB_OUTPUT"
                      echo "Plan \\`$plan_id\\`: approvers run \\`tenkai approve $plan_id --env \(name) --key FILE\\`" >> "$GITHUB_STEP_SUMMARY"
                  - uses: \(Action.uploadArtifact)
                    with:
                      name: tenkai
                      path: .build/release/tenkai
                      retention-days: 7
              release:
                name: release the approved plan to \(name)
                needs: plan
                runs-on: ubuntu-24.04
                container: \(image)
                environment: \(name)
                permissions:
                  contents: read
                  id-token: write
                timeout-minutes: 120
                env:
            \(inputs)
                  AWS_ROLE_ARN: \(PipelineFiles.roleARN(environment, "tenkai-executor-\(name)"))
                  AWS_REGION: \(environment.region)
                  AWS_WEB_IDENTITY_TOKEN_FILE: /tmp/web-identity-token
                  PLAN_ID: ${{ needs.plan.outputs.plan-id }}
                steps:
            \(checkout)
            \(tenkaiBinary)
            \(fetchToken)
                  - name: Show the plan and its approvals
                    run: .build/release/tenkai plan show "$PLAN_ID" --env \(name)
                  - name: Release exactly that plan
                    run: .build/release/tenkai release \(release) --plan "$PLAN_ID" --json > events.jsonl
                  - uses: \(Action.uploadArtifact)
                    if: always()
                    with:
                      name: release-events-\(name)
                      path: events.jsonl

            """
    }
}
