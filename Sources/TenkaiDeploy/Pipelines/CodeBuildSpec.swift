import TenkaiCore

/// The CodeBuild buildspec: tests, then a deploy of `TENKAI_ENV`; production only as an approved
/// plan (`TENKAI_PLAN_ID`), the same gate as everywhere else.
enum CodeBuildSpec {
    static func render(_ environments: [EnvironmentConfig]) -> String {
        let production = environments.filter { $0.tier == .production }.map(\.name)
        let names = environments.map(\.name).joined(separator: ", ")
        let gated = production.isEmpty ? "" : production.map { "\"$TENKAI_ENV\" = \"\($0)\"" }.joined(separator: " ] || [ ")
        var deploy = "      - .build/release/tenkai deploy --env \"$TENKAI_ENV\" --json > events.jsonl\n"
        if !production.isEmpty {
            deploy = """
                      - |
                        if [ \(gated) ]; then
                          .build/release/tenkai deploy --env "$TENKAI_ENV" --plan "$TENKAI_PLAN_ID" --json > events.jsonl
                        else
                          .build/release/tenkai deploy --env "$TENKAI_ENV" --json > events.jsonl
                        fi

                """
        }
        return """
            \(PipelineFiles.header)
            # CodeBuild: the tests, then a deploy of TENKAI_ENV (one of: \(names)) with the project's service role.
            # \(production.joined(separator: ", ")) deploy only an approved plan: set TENKAI_PLAN_ID (see README, "The prod gate").
            version: 0.2
            env:
              variables:
                TENKAI_ENV: \(environments.first?.name ?? "dev")
                TENKAI_PLAN_ID: ""
            phases:
              build:
                commands:
                  - make test
                  - make build
            \(deploy)artifacts:
              files:
                - cloud.out/**/*
                - events.jsonl

            """
    }
}
