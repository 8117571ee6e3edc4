import ArgumentParser

/// The exit codes of every `tenkai` command: part of the interface CI scripts rely on.
public enum TenkaiExitCode {
    /// Everything worked (for `diff`: there are no changes).
    public static let success = ExitCode(0)
    /// The input has errors (diagnostics were printed), or a deploy failed.
    public static let failure = ExitCode(1)
    /// `diff` found changes.
    public static let changes = ExitCode(2)
    /// A production deploy needs approvals it does not have yet, or the gate pinned in the account refuses.
    public static let approvalRequired = ExitCode(3)
    /// An output could not be written or an input could not be read.
    public static let ioError = ExitCode(4)
    /// The command line itself is wrong (ArgumentParser's usage error).
    public static let usage = ExitCode.validationFailure
    /// A signal (Ctrl-C, SIGTERM) stopped the run after it recorded what finished.
    public static let interrupted = ExitCode(130)

    /// The text `--help` shows.
    static let helpText = """
        EXIT CODES:
          0   success (diff: no changes)
          1   errors in the input (printed as diagnostics) or a failed deploy
          2   diff: there are changes
          3   a production deploy lacks approvals, or the pinned gate refuses
          4   a file could not be read or written
          64  the command line is wrong
          130 interrupted by a signal (what finished is recorded; rerun to go on)
        """
}
