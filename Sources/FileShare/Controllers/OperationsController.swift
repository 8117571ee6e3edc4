import Foundation
import Hummingbird

/// Endpoints for the platform, not for people: liveness for the load balancer, readiness
/// (database and file store reachable, not shutting down), and Prometheus metrics.
struct OperationsController: Sendable {
    let services: AppServices

    struct Readiness: Codable, Sendable, Equatable {
        var database: Bool
        var files: Bool
        /// The instance is shutting down: the load balancer should stop sending it requests.
        var draining: Bool = false
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/readyz", use: readiness)
        // Metrics tell an outsider a lot about traffic and users; they are served only when asked for.
        router.get("/metrics") { _, _ in
            guard services.configuration.metricsEnabled else {
                throw AppError(.notFound, status: .notFound, message: "Metrics are off; set METRICS_ENABLED=1 to serve them.")
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: services.metrics.render())))
        }
    }

    @Sendable func readiness(request: Request, context: AppRequestContext) async throws -> JSONResponse<Readiness> {
        async let database = services.database.isReachable()
        async let files = services.blobs.isReachable()
        let draining = services.shutdown.isDraining
        let state = Readiness(database: await database, files: await files, draining: draining)
        return JSONResponse(state.database && state.files && !draining ? .ok : .serviceUnavailable, state)
    }
}
