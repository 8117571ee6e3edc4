/// A CodeBuild buildspec (version 0.2) as the text CodeBuild reads: what each ``PipelineBuild``
/// fills in is its commands and the variables it hands to later pipeline actions.
struct BuildSpecText {
    /// Variables later actions read as `#{namespace.NAME}`.
    var exportedVariables: [String] = []
    /// The build phase, one shell command a line.
    var commands: [String]
    /// The post_build phase, which runs even when the build phase failed.
    var postBuild: [String] = []

    var text: String {
        var lines = ["version: 0.2"]
        if !exportedVariables.isEmpty {
            lines += ["env:", "  exported-variables:"] + exportedVariables.map { "    - \($0)" }
        }
        lines += ["phases:"] + Self.phase("build", commands)
        if !postBuild.isEmpty {
            lines += Self.phase("post_build", postBuild)
        }
        return lines.joined(separator: "\n")
    }

    private static func phase(_ name: String, _ commands: [String]) -> [String] {
        ["  \(name):", "    commands:"] + commands.map { "      - \($0)" }
    }
}
