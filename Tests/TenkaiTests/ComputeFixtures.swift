import Tenkai
import TenkaiCore

/// The compute components of the library, built small, and a grantable whose statements a
/// test can recognise: what the grant and environment tests share.
enum ComputeFixtures {
    static let net = Network("main", availabilityZones: 2)
    static let images = Repository("images")
    static let code = Function.Code.s3(bucket: "artifacts", key: "app.zip")

    /// A grantable naming one made-up action per access, on one made-up ARN.
    struct Probe: Grantable {
        var name: String
        func policyStatements(for access: Access, in stack: StackContext) -> [Value] {
            [IAMPolicy.allow(["probe:\(access.rawValue)"], on: [.string("arn:aws:probe:::\(name)")])]
        }
    }

    static func function(_ change: (Function) -> Function = { $0 }) -> Function {
        change(Function("worker", runtime: .nodejs22, handler: "index.handler", code: code).logRetention(days: 14))
    }

    static func container(_ change: (Container) -> Container = { $0 }) -> Container {
        change(Container("app", image: .repository(images)) { Port(8080, health: "/healthz") })
    }

    /// A service, the load balancer it needs and app servers running `container`, in one stack.
    static func system(service: Service, appServers change: (AppServers) -> AppServers = { $0 }, container: Container? = nil) -> System {
        let zone = DNS("main", domain: "example.com")
        let certificate = Certificate("origin", domain: "origin.example.com", in: zone)
        let balancer = LoadBalancer("web", fronting: service, in: net, certificate: certificate.arn)
        let servers = change(AppServers("web", in: net, behind: balancer, running: container ?? service.containers[0]))
        return System("shop") { _ in
            Stack("app") {
                net
                images
                zone
                certificate
                service
                balancer
                servers
            }
        }
    }

    static func system(_ components: [any Component]) -> System {
        System("shop") { _ in Stack("app") { for component in components { component } } }
    }

    /// Every statement of every inline policy of `resource`.
    static func statements(_ resource: Resource?) -> [Value] {
        (resource?.properties["Policies"]?.listValue ?? []).flatMap { $0[path: "PolicyDocument.Statement"]?.listValue ?? [] }
    }

    static func actions(_ statements: [Value]) -> [String] {
        statements.flatMap { $0[path: "Action"]?.listValue ?? [] }.compactMap(\.stringValue)
    }
}
