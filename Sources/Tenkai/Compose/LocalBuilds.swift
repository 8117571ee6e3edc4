/// Images this package builds itself: an ECR repository of that name runs locally from its
/// Dockerfile, with the repository root as the build context. Any other repository's images
/// run by name, `<system>/<repository>:<tag>`, built or pulled by whoever owns their source.
public enum LocalBuilds {
    /// Repository name → Dockerfile, relative to the repository root.
    public static let dockerfiles: [String: String] = [
        "fileshare": "Sources/FileShareServer/Dockerfile",
    ]
}
