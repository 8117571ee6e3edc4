import ArgumentParser

/// `tenkai image build|push`: container images without a docker daemon.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Build a reproducible OCI image from a binary of this package, and push images to a registry.",
        subcommands: [ImageBuildCommand.self, ImagePushCommand.self])
}
