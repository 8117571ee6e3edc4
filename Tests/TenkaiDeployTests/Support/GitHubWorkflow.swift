import Foundation
import TenkaiCore

/// A GitHub Actions workflow as far as running its commands needs it: jobs with their `needs:`,
/// `env:`, `outputs:`, `environment:` and steps. Read with Tenkai's own YAML parser, so the test
/// sees exactly the file `tenkai pipelines render` wrote.
struct GitHubWorkflow {
    struct Step {
        var id: String?
        var name: String?
        var uses: String?
        var run: String?
        var with: [String: String]
        /// What the step is called in a failure message.
        var label: String { name ?? id ?? uses ?? run ?? "?" }
    }

    struct Job {
        var id: String
        var needs: [String]
        /// The GitHub environment the job waits in (required reviewers), if any.
        var environment: String?
        var env: [(String, String)]
        var outputs: [String: String]
        var steps: [Step]
    }

    /// In the file's order.
    var jobs: [Job]

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    init(_ bytes: [UInt8], file: String) throws {
        guard case .mapping(let top, _) = try YAMLParser.parse(bytes, file: file),
              let jobs = top.first(where: { $0.key == "jobs" }), case .mapping(let entries, _) = jobs.value
        else { throw Malformed(description: "\(file): no jobs map") }
        self.jobs = try entries.map { entry in try Self.job(entry.key, entry.value, file: file) }
    }

    /// The jobs in an order that runs each after everything it `needs:` (file order among equals);
    /// a `needs:` naming no job is an error, as it is for GitHub.
    func orderedJobs() throws -> [Job] {
        var done: [String] = [], remaining = jobs
        while !remaining.isEmpty {
            for need in remaining.flatMap(\.needs) where !jobs.contains(where: { $0.id == need }) {
                throw Malformed(description: "a job needs '\(need)', which is no job of the workflow")
            }
            guard let next = remaining.firstIndex(where: { $0.needs.allSatisfy(done.contains) }) else {
                throw Malformed(description: "the jobs' needs form a cycle: \(remaining.map(\.id))")
            }
            done.append(remaining.remove(at: next).id)
        }
        return done.compactMap { id in jobs.first { $0.id == id } }
    }

    private static func job(_ id: String, _ node: YAMLNode, file: String) throws -> Job {
        guard case .mapping(let pairs, _) = node else { throw Malformed(description: "\(file): job \(id) is not a map") }
        func value(_ key: String) -> YAMLNode? { pairs.first { $0.key == key }?.value }
        let needs: [String] = switch value("needs") {
        case .scalar(let one, _, _): [one]
        case .sequence(let many, _): many.compactMap(Self.scalar)
        default: []
        }
        let steps: [Step] = switch value("steps") {
        case .sequence(let items, _): try items.map { try step($0, job: id) }
        default: []
        }
        return Job(
            id: id, needs: needs, environment: value("environment").flatMap(Self.scalar),
            env: Self.strings(value("env")), outputs: Dictionary(Self.strings(value("outputs")), uniquingKeysWith: { first, _ in first }),
            steps: steps)
    }

    private static func step(_ node: YAMLNode, job: String) throws -> Step {
        guard case .mapping(let pairs, _) = node else { throw Malformed(description: "a step of job \(job) is not a map") }
        func string(_ key: String) -> String? { pairs.first { $0.key == key }.flatMap { Self.scalar($0.value) } }
        return Step(
            id: string("id"), name: string("name"), uses: string("uses"), run: string("run"),
            with: Dictionary(strings(pairs.first { $0.key == "with" }?.value), uniquingKeysWith: { first, _ in first }))
    }

    private static func scalar(_ node: YAMLNode) -> String? {
        if case .scalar(let text, _, _) = node { return text }
        return nil
    }

    /// A map of scalars, in order.
    private static func strings(_ node: YAMLNode?) -> [(String, String)] {
        guard case .mapping(let pairs, _) = node else { return [] }
        return pairs.compactMap { pair in scalar(pair.value).map { (pair.key, $0) } }
    }
}
