import TenkaiCore

extension Pipeline {
    /// The pipeline's resources besides the pipeline itself, each named here once; `stage` is a
    /// CodeBuild project's part of the name (`Test`, `Image`, `Release`, `Plan`, `Deploy`).
    struct Parts {
        let pipeline: Pipeline
        var artifacts: ResourceID { pipeline.part("Artifacts") }
        var artifactsPolicy: ResourceID { artifacts.part("Policy") }
        var connection: ResourceID { pipeline.part("Connection") }
        var coverageReports: ResourceID { pipeline.part("CoverageReports") }
        var approvalTopic: ResourceID { pipeline.part("ApprovalTopic") }
        var role: ResourceID { pipeline.part("Role") }
        var chatbotRole: ResourceID { pipeline.part("ChatbotRole") }
        var slackChannel: ResourceID { pipeline.part("SlackChannel") }
        var notifications: ResourceID { pipeline.part("Notifications") }
        func project(_ stage: String) -> ResourceID { pipeline.part(stage) }
        func projectLogs(_ stage: String) -> ResourceID { project(stage).part("Logs") }
        func projectRole(_ stage: String) -> ResourceID { project(stage).part("Role") }
        func approver(_ name: String) -> ResourceID { pipeline.part(LogicalID.pascalCase(name) + "Approver") }
    }

    var parts: Parts { Parts(pipeline: self) }
}
