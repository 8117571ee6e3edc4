/// The shell CI runs between planning and the gated job, in GitHub Actions and CodeBuild alike:
/// the plan ID out of what `tenkai plan --json` or `tenkai plan release` printed into a file,
/// with grep alone, so it needs nothing beyond the build image's coreutils.
public enum PlanIDShell {
    /// `$(…)`, a command substitution that prints the 64 hex digits of `file`'s `planId` field.
    /// `blank` matches the white space around its colon (the checked-in GitHub workflows use ` *`).
    public static func extracting(from file: String, blank: String = "[[:space:]]*") -> String {
        #"$(grep -o '"planId"\#(blank):\#(blank)"[0-9a-f]\{64\}"' \#(file) | grep -o '[0-9a-f]\{64\}')"#
    }
}
