import ArgumentParser

/// What `tenkai release` and `tenkai plan release` both name: the service, the images, and how
/// traffic moves. One definition, so a plan and its release can never drift apart in meaning.
struct ReleaseSelection: ParsableArguments {
    @Option(help: "The service's component name (default: the system's only released service).")
    var service: String?

    @Option(
        name: .customLong("image"),
        help: ArgumentHelp(
            "The released container's image: host/repository@sha256:… (a tag only where no release plan is needed). "
                + "Repeat as CONTAINER=REF for the service's other containers released with it (one task definition, one migration).",
            valueName: "[container=]ref"))
    var images: [String]

    @Option(help: ArgumentHelp("Instead of the environment's release strategy.", valueName: "strategy"))
    var strategy: String?

    @Option(help: ArgumentHelp("Every bake this long (30s, 5m) instead of the strategy's; a release plan records it.", valueName: "duration"))
    var bake: String?

    /// The released container's image: the one `--image` without a container name.
    var image: String { images.first { !$0.contains("=") } ?? "" }

    /// `--image CONTAINER=REF`s: container name → image.
    var containerImages: [String: String] {
        Dictionary(images.compactMap(Self.named).map { ($0.container, $0.image) }, uniquingKeysWith: { first, _ in first })
    }

    func validate() throws {
        let unnamed = images.filter { !$0.contains("=") }
        guard unnamed.count == 1 else {
            throw ValidationError(
                unnamed.isEmpty
                    ? "--image REF (the released container's image, without a name) is missing; --image CONTAINER=REF only adds other containers"
                    : "--image without a container name is given \(unnamed.count) times (\(unnamed.joined(separator: ", "))); "
                        + "pass the released container's image once and name the others: --image gateway=REF")
        }
        var seen: Set<String> = []
        for value in images where value.contains("=") {
            guard let named = Self.named(value), !named.container.isEmpty, !named.image.isEmpty,
                named.container.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else {
                throw ValidationError("--image \(value) is not CONTAINER=REF (a container name of letters, digits, - and _, then an image reference)")
            }
            guard seen.insert(named.container).inserted else {
                throw ValidationError("--image names container \(named.container) twice; give each container one image")
            }
        }
    }

    private static func named(_ value: String) -> (container: String, image: String)? {
        guard let equals = value.firstIndex(of: "=") else { return nil }
        return (String(value[..<equals]), String(value[value.index(after: equals)...]))
    }
}
