import Tenkai
import TenkaiCore
import Testing

/// Resolves components in a one-stack system `shop` and hands back what the component library's
/// own tests look at: the template's resources, and the errors of a system that must fail.
enum Components {
    static func resources(
        _ environment: EnvironmentConfig = Fixtures.dev, @ComponentBuilder _ body: @escaping @Sendable () -> [any Component]
    ) throws -> [String: Resource] {
        let system = System("shop") { _ in Stack("store", body) }
        return try Fixtures.resolve(system, in: environment).stacks[0].template.resources
    }

    static func outputs(_ environment: EnvironmentConfig = Fixtures.dev, @ComponentBuilder _ body: @escaping @Sendable () -> [any Component]) throws -> [String: Output] {
        let system = System("shop") { _ in Stack("store", body) }
        return try Fixtures.resolve(system, in: environment).stacks[0].template.outputs
    }

    /// The messages of the errors resolving the components gives.
    static func errors(_ environment: EnvironmentConfig = Fixtures.dev, @ComponentBuilder _ body: @escaping @Sendable () -> [any Component]) -> [String] {
        Fixtures.errors(System("shop") { _ in Stack("store", body) }, in: environment).map(\.message)
    }

    /// The one resource of `type`, or a failed expectation.
    static func only(_ type: String, in resources: [String: Resource]) throws -> Resource {
        let matching = resources.values.filter { $0.type == type }
        try #require(matching.count == 1, "\(matching.count) resources of \(type)")
        return matching[0]
    }
}
