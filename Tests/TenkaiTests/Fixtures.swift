import Tenkai
import TenkaiCore

/// Environments and small systems the foundation tests build.
enum Fixtures {
    static func environment(
        _ name: String = "dev", tier: EnvironmentConfig.Tier = .development, region: String = "ap-northeast-1",
        systems: [String: EnvironmentConfig.SystemSettings] = [:]
    ) -> EnvironmentConfig {
        EnvironmentConfig(
            name: name, tier: tier, account: "123456789012", region: region, multiAZ: tier != .development,
            domain: "\(name).example.com", systems: systems)
    }

    static let dev = environment()
    static let prod = environment("prod", tier: .production)

    /// A queue: the smallest real resource, for tests about wiring rather than content.
    static func queue(_ name: String, deadLetter: Reference? = nil) -> RawResource {
        var properties: Fields = ["SqsManagedSseEnabled": true]
        if let deadLetter { properties["RedrivePolicy"] = ["deadLetterTargetArn": deadLetter.value, "maxReceiveCount": 3] }
        return RawResource(name, type: "AWS::SQS::Queue", properties: properties)
    }

    static func resolve(_ system: System, in environment: EnvironmentConfig = dev) throws(TenkaiError) -> ResolvedSystem {
        try Resolver.resolve(system, in: environment)
    }

    /// The diagnostics of a system that must fail to resolve.
    static func errors(_ system: System, in environment: EnvironmentConfig = dev) -> [Diagnostic] {
        do {
            _ = try Resolver.resolve(system, in: environment)
            return []
        } catch {
            return error.diagnostics
        }
    }
}

extension RawResource {
    var arn: Reference { attribute("Arn", .arn) }
}
