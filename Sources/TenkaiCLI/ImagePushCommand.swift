import ArgumentParser
import FoundationEssentials
import TenkaiImage

/// `tenkai image push --image DIR|TARBALL --to REGISTRY/REPO:TAG`: the registry HTTP API,
/// skipping blobs the registry has; prints `registry/repo@sha256:…` for the release.
struct ImagePushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push an OCI layout or a docker save tarball to a registry (ECR: logged in with ecr:GetAuthorizationToken).",
        discussion: """
            Prints the pushed image pinned by digest (REGISTRY/REPO@sha256:…) on stdout, progress on stderr. \
            ECR registries use the AWS credential chain; other registries TENKAI_REGISTRY_USERNAME and \
            TENKAI_REGISTRY_PASSWORD when set. 127.0.0.1 and localhost are reached over plain HTTP, the rest over HTTPS.
            """)

    @Option(help: ArgumentHelp("An OCI image layout folder or a docker save tarball.", valueName: "dir|tarball"))
    var image: String

    @Option(help: ArgumentHelp("Where to push.", valueName: "registry/repo:tag"))
    var to: String

    func run() async throws {
        do {
            let reference = try ImageReference(to)
            let pushable = try PushableImage.load(image)
            let environment = ProcessInfo.processInfo.environment
            let credentials = try await RegistryLoginResolver.credentials(for: reference, environment: environment)
            let result = try await RegistryClient(credentials: credentials).push(pushable, to: reference) { Console.error($0) }
            Console.error("pushed \(reference): \(result.uploaded.count) blobs uploaded, \(result.skipped.count) already there")
            Console.output(result.pinned)
        } catch let error as ImageError {
            Console.error("error: \(error)")
            throw TenkaiExitCode.failure
        } catch {
            throw error.deployExitCode()
        }
    }
}
