import AWSClient
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// What `plan show` and `approve` need without rendering any stack: one environment file and an
/// AWS session in its region.
enum GateCommandSupport {
    static func environment(_ name: String, in folder: String) throws -> EnvironmentConfig {
        let all = try EnvironmentLoader.loadAll(from: URL(fileURLWithPath: folder))
        guard let environment = all.first(where: { $0.name == name }) else {
            throw TenkaiError(.notFound, "there is no environment named '\(name)' in \(folder)/", hint: "known: \(all.map(\.name).joined(separator: ", "))")
        }
        return environment
    }

    static func session(for environment: EnvironmentConfig) throws -> AWSSession {
        do {
            return AWSConnections(try AWSSession.fromEnvironment(defaultRegion: environment.region)).session(environment.region)
        } catch {
            throw TenkaiError(.invalidInput, "cannot set up AWS access: \(error)", hint: "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and AWS_REGION")
        }
    }
}
