import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1

/// The outermost middleware: gives every request an ID (echoed in `X-Request-ID` and in every
/// log line), turns errors into responses here so that they also get the security headers, logs
/// one structured line per request and feeds the metrics.
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: MetricsRegistry
    /// Send `Strict-Transport-Security` (the service is reached over HTTPS).
    var strictTransportSecurity = false
    /// Behind this many trusted proxies the client's address comes from `X-Forwarded-For`
    /// (``ClientAddress``); it is resolved once here for the log line, the limits and the audit log.
    var trustedProxyHops = 0

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        let requestID = request.header(.xRequestID).flatMap(Self.acceptableID) ?? context.id
        context.logger[metadataKey: "request_id"] = .string(requestID)
        let client = ClientAddress.of(request, context: context, trustedProxyHops: trustedProxyHops)
        context.clientAddress = client
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch let error as HTTPParserError {
            // A body that breaks HTTP framing (a bad chunk size, say) is the client's mistake, not ours.
            response = try AppError(.badRequest, status: .badRequest,
                                    message: "The request is malformed (\(error)); send a valid HTTP/1.1 body.",
                                    headers: [.connection: "close"]).response(from: request, context: context)
        } catch {
            context.logger.error("Unhandled error", metadata: ["error": .string(String(reflecting: error))])
            response = try AppError(.unavailable, status: .internalServerError,
                                    message: "Something went wrong on our side; the request ID says where to look.",
                                    context: ["requestId": requestID]).response(from: request, context: context)
        }
        SecurityHeaders.apply(to: &response.headers, strictTransportSecurity: strictTransportSecurity)
        response.headers[.xRequestID] = requestID
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: response.status.code, seconds: seconds)
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "route": .string(route), "client": .string(client),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.2f", seconds * 1000)),
        ])
        return response
    }

    /// Accept a caller's request ID only when it is short and plain, so it cannot forge log lines.
    static func acceptableID(_ value: String) -> String? {
        guard (1...64).contains(value.count),
              value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        return value
    }
}
