import Foundation
import HTTPTypes
import Hummingbird

/// The routes the router serves, read from the router itself once every route is added, so that
/// `405 Method Not Allowed` and its `Allow` header can never disagree with what is served.
final class RouteTable: @unchecked Sendable {
    private let lock = NSLock()
    private var routes: [(path: RouterPath, method: HTTPRequest.Method)] = []

    func load(from router: Router<AppRequestContext>) {
        let routes = router.routes.map { (path: $0.path, method: $0.method) }
        lock.withLock { self.routes = routes }
    }

    /// The methods served at a concrete path (`HEAD` wherever `GET` is), sorted.
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods = Set(lock.withLock { routes }.filter { route in
            route.path.components.count == segments.count
                && zip(route.path.components, segments).allSatisfy { $0 ~= $1 }
        }.map(\.method.rawValue))
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }
}
