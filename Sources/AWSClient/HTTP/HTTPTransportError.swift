/// A request that got no complete response: the connection, TLS, a time-out or a local file failed.
///
/// ```swift
/// catch let error as HTTPTransportError where error.code == .timedOut { … }
/// ```
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure; retry decisions look at this.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String { case couldNotConnect, connectionFailed, timedOut, tls, invalidRequest, fileAccess, cancelled, other }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// No connection could be made, so the request was certainly never sent.
        public static let couldNotConnect = Code(.couldNotConnect)
        /// The connection broke before a whole response arrived (the request may have been processed).
        public static let connectionFailed = Code(.connectionFailed)
        /// The connect or total time-out passed.
        public static let timedOut = Code(.timedOut)
        /// TLS negotiation or certificate verification failed.
        public static let tls = Code(.tls)
        /// The request itself cannot be sent (bad URL, refused scheme, bad header).
        public static let invalidRequest = Code(.invalidRequest)
        /// A request body file could not be read or a response file not written.
        public static let fileAccess = Code(.fileAccess)
        /// The calling task was cancelled.
        public static let cancelled = Code(.cancelled)
        /// Anything else libcurl reported.
        public static let other = Code(.other)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "HTTP transport error (\(code)): \(message)" }
}
