/// A deploy, diff, destroy or status run that could not do what it was asked.
///
/// Like ``TenkaiError``: a code that can grow, a one-sentence message, the stack it is about, and
/// how to go on.
public struct DeployError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case stackFailed, stackBusy, needsContinueRollback, refusedReplacement, changeSetFailed, missingBootstrap,
                missingParameter, approvalRequired, invalidPlan, refusedProduction, aws, timedOut, stateUnknown, wrongAccount,
                singletonExists, notDelegated
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The stack operation ended in a failed state.
        public static let stackFailed = Code(.stackFailed)
        /// Another operation is running on the stack and waiting was not allowed.
        public static let stackBusy = Code(.stackBusy)
        /// `UPDATE_ROLLBACK_FAILED`: the rollback must be continued first.
        public static let needsContinueRollback = Code(.needsContinueRollback)
        /// Production refuses to replace or remove a stateful resource without `--allow-replacement`.
        public static let refusedReplacement = Code(.refusedReplacement)
        /// CloudFormation could not create the change set.
        public static let changeSetFailed = Code(.changeSetFailed)
        /// A template needs the artifacts bucket and `tenkai bootstrap` has not run.
        public static let missingBootstrap = Code(.missingBootstrap)
        /// A cross-region parameter's producing stack has no such output.
        public static let missingParameter = Code(.missingParameter)
        /// A production plan lacks approvals.
        public static let approvalRequired = Code(.approvalRequired)
        /// A plan file is missing, changed, or no longer matches what would run.
        public static let invalidPlan = Code(.invalidPlan)
        /// Destroying production was not confirmed.
        public static let refusedProduction = Code(.refusedProduction)
        /// An AWS call failed.
        public static let aws = Code(.aws)
        /// A stack operation ran past the wait's deadline; CloudFormation goes on with it.
        public static let timedOut = Code(.timedOut)
        /// The stack's state could not be read, so whether it deployed is not known.
        public static let stateUnknown = Code(.stateUnknown)
        /// The credentials belong to another account than the environment's; nothing was changed.
        public static let wrongAccount = Code(.wrongAccount)
        /// A stack would create an account singleton (a GuardDuty detector, …) the account already has; nothing was changed.
        public static let singletonExists = Code(.singletonExists)
        /// A certificate would be validated by DNS in a hosted zone its parent does not delegate to.
        public static let notDelegated = Code(.notDelegated)

        public var description: String { wrapped.rawValue }
    }

    public var code: Code
    public var message: String
    /// The CloudFormation stack name, when the error is about one stack.
    public var stackName: String?
    public var hint: String?

    public init(_ code: Code, _ message: String, stackName: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.stackName = stackName
        self.hint = hint
    }

    public var description: String {
        var text = stackName.map { "\($0): " } ?? ""
        text += message
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
