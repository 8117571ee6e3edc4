import Tenkai
import TenkaiCore

/// One of every component that emits metrics, in a system the monitoring tests resolve.
enum MonitoringFixtures {
    static let net = Network("main", availabilityZones: 2)
    static let zone = DNS("main", domain: "dev.example.com")
    static let certificate = Certificate("web", domain: "dev.example.com", in: zone)
    static let web = Service("web", in: net) { Container("app", image: .registry("public.ecr.aws/nginx/nginx:1.27")) { Port(8080, health: "/healthz") } }
    static let loadBalancer = LoadBalancer("front", fronting: web, in: net, certificate: certificate.arn)
    static let servers = AppServers("servers", in: net, behind: loadBalancer, running: web.containers[0])
    static let db = Database("ledger", engine: .postgres("16.9"), in: net)
    static let jobs = Function("jobs", runtime: .python313, handler: "jobs.handler", code: .s3(bucket: "artifacts", key: "jobs.zip"))
    static let orders = Table("orders", partitionKey: .string("orderId"))
    static let api = RestApi("api") { Route(.get, "/orders", to: jobs, authorization: .none) }
    static let cdn = CDN("edge", origin: "origin.dev.example.com", aliases: ["dev.example.com"], certificate: certificate.arn, zone: zone)
    static let files = Bucket("files")

    /// Every component above in one stack `app`, then `monitoring` with whatever the test adds (if anything).
    static func system(@ComponentBuilder monitoring: @escaping @Sendable () -> [any Component] = { [] }) -> System {
        System("shop") { _ in
            Stack("app") {
                net
                zone
                certificate
                web
                loadBalancer
                servers
                db
                jobs
                orders
                api
                cdn
                files
            }
            let watching = monitoring()
            if !watching.isEmpty { Stack("monitoring") { watching } }
        }
    }

    static func stack(_ name: String, of resolved: ResolvedSystem) -> ResolvedStack? { resolved.stacks.first { $0.name == name } }
}
