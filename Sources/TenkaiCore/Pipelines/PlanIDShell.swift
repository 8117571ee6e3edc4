/// The shell CI runs between planning and the gated job, in GitHub Actions and CodeBuild alike:
/// the plan ID out of what `tenkai plan --json` or `tenkai plan release` printed into a file,
/// with grep alone, so it needs nothing beyond the build image's coreutils.
public enum PlanIDShell {
    /// `$(…)`, a command substitution that prints the 64 hex digits of `file`'s `planId` field.
    public static func extracting(from file: String) -> String {
        #"$(grep -o '"planId"[[:space:]]*:[[:space:]]*"[0-9a-f]\{64\}"' \#(file) | grep -o '[0-9a-f]\{64\}')"#
    }
}
