import TenkaiCore

extension GitHubWorkflows {
    /// An image release to production, through the same gate as a deploy: CI records the release
    /// plan with a role that cannot change anything; the approvers sign it on their own machines;
    /// the release job waits in the GitHub environment whose required reviewers are the approvers,
    /// then runs exactly that plan (same image, service and strategy) once.
    static func productionRelease(_ environment: EnvironmentConfig, systems: [String]) -> String {
        let name = environment.name
        let release = #"--env \#(name) --system "$TENKAI_SYSTEM" --service "$TENKAI_SERVICE" --image "$TENKAI_IMAGE""#
        return GitHubGatedWorkflow(
            environment: environment, systems: systems, workflowName: "\(name)-release",
            summary: "an image release, plan → approvals → release",
            planRecords: """
                records the release plan (image by digest, service,
                #    strategy, the stacks' states) in the bootstrap bucket; its ID is this job's output and the run's summary.
                """,
            gatedRuns: "(role tenkai-executor-\(name)) releases exactly that plan, once.",
            systemDescription: "The system whose service is released",
            inputs: [
                .init(name: "service", description: "The service's component name", defaultValue: "web"),
                .init(name: "image", description: "The image by digest (host/repository@sha256:…), as released to stg"),
            ],
            planJobName: "plan the \(name) release", planStepName: "Plan the release",
            planCommand: ".build/release/tenkai plan release \(release) > plan.json",
            gatedJob: "release",
            gatedCommand: #".build/release/tenkai release \#(release) --plan "$PLAN_ID" --json > events.jsonl"#
        ).render()
    }
}
