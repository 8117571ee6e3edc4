import ArgumentParser

/// What `tenkai release` and `tenkai plan release` both name: the service, the image, and how
/// traffic moves. One definition, so a plan and its release can never drift apart in meaning.
struct ReleaseSelection: ParsableArguments {
    @Option(help: "The service's component name (default: the system's only released service).")
    var service: String?

    @Option(help: ArgumentHelp("The image: host/repository@sha256:… (a tag only where no release plan is needed).", valueName: "ref"))
    var image: String

    @Option(help: ArgumentHelp("Instead of the environment's release strategy.", valueName: "strategy"))
    var strategy: String?

    @Option(help: ArgumentHelp("Every bake this long (30s, 5m) instead of the strategy's; a release plan records it.", valueName: "duration"))
    var bake: String?
}
