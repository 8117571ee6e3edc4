import AWSClient
import FoundationEssentials
import Tenkai
import TenkaiCore
import TenkaiDeploy

/// What `tenkai release` and `tenkai plan release` share: the environment, AWS connections in
/// its region (one STS identity for everything), the target read from the deployed stacks'
/// outputs, and the release options from the environment and the flags.
struct ReleaseSetup {
    let environment: EnvironmentConfig
    let aws: AWSConnections
    let target: ReleaseTarget
    let options: ReleaseOptions

    static func prepare(_ project: ProjectOptions, _ release: ReleaseSelection) async throws -> ReleaseSetup {
        let selected = try project.project()
        let environment = selected.environments[0]
        var strategy = environment.release
        var options: ReleaseOptions
        do {
            if let text = release.strategy { strategy = try ReleaseStrategy(parsing: text) }
            options = ReleaseOptions(strategy: strategy)
            if let bake = release.bake { options.bakeOverride = try ReleaseStrategy.duration(bake) }
        } catch {
            throw TenkaiError(.invalidInput, error.message, hint: error.hint)
        }
        let variables = ProcessInfo.processInfo.environment
        if let username = variables["TENKAI_REGISTRY_USERNAME"], let password = variables["TENKAI_REGISTRY_PASSWORD"] {
            options.registryLogin = .init(username: username, password: password)
        }
        let resolved = try selected.resolveAll()[0]
        let aws: AWSConnections
        do {
            aws = AWSConnections(try AWSSession.fromEnvironment(defaultRegion: environment.region))
        } catch {
            throw TenkaiError(.invalidInput, "cannot set up AWS access: \(error)", hint: "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and AWS_REGION")
        }
        let target = try await ReleaseTarget.live(
            system: resolved.systemName, environment: environment, stacks: resolved.releaseStacks, components: resolved.components,
            service: release.service
        ) { aws.cloudFormation($0) }
        // A container the service lacks (or a malformed image) is the command line's mistake: exit 64.
        do {
            options.containerImages = try target.checkedContainerImages(release.containerImages).mapValues(\.description)
        } catch {
            throw TenkaiError(.usage, error.message, hint: error.hint)
        }
        return ReleaseSetup(environment: environment, aws: aws, target: target, options: options)
    }

    /// The gate's view of the account, asked in the environment's region with the one identity.
    func gateContext() async throws -> GateContext {
        try await GateContext.load(session: aws.session(environment.region), environment: environment, identity: try await aws.callerIdentity())
    }
}

extension ResolvedSystem {
    /// Its stacks as a release reads them: where each is and which outputs it declares.
    var releaseStacks: [ReleaseTarget.DeclaredStack] {
        stacks.map { .init(name: $0.name, stackName: $0.stackName, region: $0.region, outputNames: Array($0.template.outputs.keys)) }
    }
}
