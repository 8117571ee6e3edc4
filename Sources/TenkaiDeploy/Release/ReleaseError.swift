/// Why a release stopped: refused before anything changed, or rolled back.
///
/// `description` reads as one sentence with the reason (which alarm, which target) and, where
/// there is one, how to go on.
public struct ReleaseError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case preflight, locked, migrationFailed, greenUnhealthy, rolledBack, inconsistent, handBackFailed
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// A precondition failed (stacks busy, image missing, an alarm firing): nothing changed.
        public static let preflight = Code(.preflight)
        /// Another release of the service holds the lock.
        public static let locked = Code(.locked)
        /// The migration task did not exit 0: no traffic moved.
        public static let migrationFailed = Code(.migrationFailed)
        /// Green did not become healthy in time: no traffic moved, green stopped.
        public static let greenUnhealthy = Code(.greenUnhealthy)
        /// Traffic was moved back to blue (alarm, unhealthy target, failed step, interruption).
        public static let rolledBack = Code(.rolledBack)
        /// What AWS shows does not match what a release expects (traffic split with no release in flight).
        public static let inconsistent = Code(.inconsistent)

        /// Released and serving from green, but the stack's service (blue) could not take the
        /// image back: traffic stays on green, the state stays for a rerun to finish the hand-back.
        public static let handBackFailed = Code(.handBackFailed)

        public var description: String { wrapped.rawValue }
    }

    public var code: Code
    public var message: String
    public var hint: String?

    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    public var description: String {
        hint.map { "\(message)\n  hint: \($0)" } ?? message
    }
}
