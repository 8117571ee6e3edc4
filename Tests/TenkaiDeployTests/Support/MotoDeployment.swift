import AWSClient
import Foundation
import Tenkai
import TenkaiCore
import TenkaiDeploy
import TenkaiStacks
import TestSupport
import Testing

/// A moto in server mode with signature checking, and the file-sharing system resolved for an
/// environment, ready to deploy into it.
struct MotoDeployment {
    let moto: MotoServer
    let aws: AWSConnections
    /// The fileshare system's cloud assembly for the environment, as synth would write it.
    let assembly: CloudAssembly

    /// `cloudFormationAdditions`: moto with `scripts/moto-server.py`'s additions (see ``MotoServer/start(authentication:patched:cloudFormationAdditions:timeout:)``).
    static func start(environment name: String = "dev", cloudFormationAdditions: Bool = false) async throws -> MotoDeployment {
        let moto = try await MotoServer.start(authentication: true, cloudFormationAdditions: cloudFormationAdditions)
        let session = try session(moto)
        let config = try EnvironmentLoader.load(ProjectPaths.root.appendingPathComponent("Environments/\(name).yaml"))
        let synthesis = try Synthesis(try Resolver.resolve(fileShare, in: config), format: .json)
        let assembly = try CloudAssembly(folder: URL(fileURLWithPath: "cloud.out/fileshare/\(name)"), files: synthesis.files)
        return MotoDeployment(moto: moto, aws: AWSConnections(session), assembly: assembly)
    }

    /// A session in ap-northeast-1 signed with the moto's IAM user.
    static func session(_ moto: MotoServer) throws -> AWSSession {
        let keys = try #require(moto.credentials, "moto in authentication mode has an IAM user")
        return AWSSession(
            region: "ap-northeast-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey)),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.endpoint.absoluteString]),
            // Moto answers some calls that worked with HTTP 500: retry once, not seven times.
            retryPolicy: RetryPolicy(maximumAttempts: 2))
    }

    static let polling = PollingPolicy(initial: .milliseconds(20), maximum: .milliseconds(200))

    /// Resource types moto 5.2 creates but cannot delete with their stack: it leaves a VPC's route
    /// tables, NAT gateway, gateway endpoint and internet gateway attachment behind, then refuses
    /// to delete the VPC (DependencyViolation). These tests destroy what they deploy.
    static let undeletableTypes = ["AWS::EC2::VPC"]

    /// The system's stacks moto can create the way AWS would: those that depend on no other stack
    /// (moto's change sets lose outputs and exports, so importing stacks fail there) and hold no
    /// resource moto cannot delete. Decided from the templates, so the tests follow the stacks as they grow.
    var targets: [DeployTarget] {
        assembly.stacks.filter { stack in
            stack.entry.dependsOn.isEmpty && stack.entry.parameterSources.isEmpty
                && !stack.template.resources.values.contains { Self.undeletableTypes.contains($0.type) }
        }.map(DeployTarget.init)
    }

    /// The environment variables that point the `tenkai` binary at this moto.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ENDPOINT_URL"] = moto.endpoint.absoluteString
        environment["AWS_ACCESS_KEY_ID"] = moto.credentials?.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = moto.credentials?.secretAccessKey
        environment["AWS_REGION"] = "ap-northeast-1"
        environment["AWS_PROFILE"] = nil
        // Moto answers operations it lacks (UpdateTerminationProtection) with HTTP 500: do not retry those for long.
        environment["AWS_MAX_ATTEMPTS"] = "2"
        return environment
    }

    func run(_ targets: [DeployTarget], api: (any CloudFormationAPI)? = nil, reporter: any DeployReporter = RecordingReporter(), options: DeployOptions = DeployOptions(polling: MotoDeployment.polling)) -> DeployRun {
        let aws = self.aws
        return DeployRun(
            locations: StackLocation.all(in: assembly), targets: targets,
            apis: { region in api ?? aws.cloudFormation(region) }, artifacts: aws.artifacts, reporter: reporter, options: options)
    }
}
