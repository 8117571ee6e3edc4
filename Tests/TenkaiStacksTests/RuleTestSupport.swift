import Tenkai
import TenkaiCore

/// Resolves a one-stack system of the given components, for rule tests.
enum RuleTestSupport {
    static func environment(production: Bool) -> EnvironmentConfig {
        EnvironmentConfig(
            name: production ? "prod" : "dev", tier: production ? .production : .development,
            account: "111111111111", region: "ap-northeast-1", multiAZ: false, domain: "example.com")
    }

    static func system(_ components: [any Component]) -> System {
        System("ruletest") { _ in
            Stack("main") { components }
        }
    }

    /// Every diagnostic resolving finds: errors when it fails, warnings when it succeeds.
    static func diagnostics(_ components: [any Component], production: Bool = false) -> [Diagnostic] {
        do {
            return try Resolver.resolve(system(components), in: environment(production: production)).diagnostics
        } catch {
            return error.diagnostics
        }
    }

    /// The errors of one rule.
    static func violations(of rule: RuleID, _ components: [any Component], production: Bool = false) -> [Diagnostic] {
        diagnostics(components, production: production).filter {
            $0.severity == .error && $0.message.hasPrefix("[\(rule)]")
        }
    }
}
