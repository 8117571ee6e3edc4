import Foundation
import Synchronization

/// Request counts, latencies and byte counters, rendered in the Prometheus text format at
/// `/metrics`. Routes are labelled by their pattern (`/api/projects/{projectId}`), never by
/// the raw path, so the number of series stays bounded.
final class MetricsRegistry: Sendable {
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Series: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private struct Histogram {
        var counts = [Int](repeating: 0, count: MetricsRegistry.buckets.count)
        var sum = 0.0
        var total = 0
    }

    private struct State {
        var requests: [Series: Int] = [:]
        var durations: [String: Histogram] = [:]
        var counters: [String: Int] = [:]
    }

    private let state = Mutex(State())

    func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[Series(method: method, route: route, status: status), default: 0] += 1
            var histogram = state.durations[route] ?? Histogram()
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
            histogram.sum += seconds
            histogram.total += 1
            state.durations[route] = histogram
        }
    }

    /// Adds to a named counter, e.g. `fileshare_uploaded_bytes_total`.
    func add(_ name: String, _ value: Int) {
        state.withLock { $0.counters[name, default: 0] += value }
    }

    func render() -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP http_requests_total HTTP requests by method, route pattern and status.\n"
        out += "# TYPE http_requests_total counter\n"
        for (series, count) in snapshot.requests.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            out += "http_requests_total{method=\"\(series.method)\",route=\"\(Self.escape(series.route))\",status=\"\(series.status)\"} \(count)\n"
        }
        out += "# HELP http_request_duration_seconds Time to produce a response head.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        for (route, histogram) in snapshot.durations.sorted(by: { $0.key < $1.key }) {
            let label = "route=\"\(Self.escape(route))\""
            for (index, bound) in Self.buckets.enumerated() {
                out += "http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(histogram.counts[index])\n"
            }
            out += "http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.total)\n"
            out += "http_request_duration_seconds_sum{\(label)} \(histogram.sum)\n"
            out += "http_request_duration_seconds_count{\(label)} \(histogram.total)\n"
        }
        for (name, value) in snapshot.counters.sorted(by: { $0.key < $1.key }) {
            out += "# TYPE \(name) counter\n\(name) \(value)\n"
        }
        return out
    }

    private static func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
