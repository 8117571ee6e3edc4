import CCurl
import FoundationEssentials
import Synchronization

/// The HTTP transport on libcurl: TLS always verified, connect and total time-outs, bodies
/// streamed from and to files, connections reused across requests.
///
/// All transfers of one transport run on one dedicated thread (a libcurl multi handle), so
/// awaiting a request never blocks Swift's cooperative thread pool. Share one transport per
/// process: ``CurlTransport/shared``.
///
/// ```swift
/// let response = try await CurlTransport.shared.send(
///     HTTPRequest(method: "GET", url: url), receivingBodyIn: .file(downloadURL))
/// ```
///
/// Plain `http://` is refused except to loopback and link-local addresses (an emulator on
/// 127.0.0.1, the EC2 and container credential endpoints), so a signed request never crosses a
/// real network unencrypted.
public final class CurlTransport: HTTPTransport {
    /// Time-outs, limits and the user agent.
    public struct Configuration: Sendable {
        /// Longest wait for a TCP (and TLS) connection.
        public var connectTimeout: Duration = .seconds(10)
        /// Longest a whole request may take when the request sets no time-out of its own.
        public var requestTimeout: Duration = .seconds(120)
        /// A transfer moving no bytes for this long fails, whatever the total time-out.
        public var stallTimeout: Duration = .seconds(60)
        /// Connections kept open to one host at most.
        public var maximumConnectionsPerHost = 16
        public var userAgent = TenkaiUserAgent.value

        public init() {}
    }

    /// The transport everything shares unless told otherwise.
    public static let shared = CurlTransport()

    public let configuration: Configuration
    /// The running loop, or why libcurl is unavailable (reported by every request).
    private let loop: Result<CurlMultiLoop, HTTPTransportError>

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.loop = LibCurl.shared.map { CurlMultiLoop(configuration: configuration, curl: $0) }
    }

    deinit {
        try? loop.get().stop()
    }

    public func send(_ request: HTTPRequest, receivingBodyIn destination: HTTPResponseDestination) async throws -> HTTPResponse {
        try Self.checkScheme(of: request.url)
        let loop = try loop.get()
        let transfer = CurlTransfer(
            request: request, destination: destination, totalTimeout: request.timeout ?? configuration.requestTimeout,
            curl: loop.curl
        )
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.continuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            transfer.cancelled.store(true, ordering: .releasing)
            loop.wake()
        }
    }

    static func checkScheme(of url: URL) throws {
        switch url.scheme?.lowercased() {
        case "https":
            return
        case "http" where isLocal(host: url.host ?? ""):
            return
        case "http":
            throw HTTPTransportError(
                .invalidRequest,
                "refusing plain HTTP to \(url.host ?? "?"): use https (plain HTTP is only for 127.0.0.1, localhost and link-local addresses)"
            )
        default:
            throw HTTPTransportError(.invalidRequest, "unsupported URL \(url.absoluteString): only http and https are allowed")
        }
    }

    /// Loopback and link-local hosts, where plain HTTP never leaves the machine (or the instance).
    static func isLocal(host: String) -> Bool {
        let host = host.lowercased().trimmed { $0 == "[" || $0 == "]" }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1"
            || host.hasPrefix("169.254.") || host.hasPrefix("fd00:ec2::")
    }
}
