/// Images this package builds itself: an ECR repository of that name runs locally from its
/// Dockerfile, with the repository root as the build context. Any other repository is an
/// error, since there is nothing to build it from.
public enum LocalBuilds {
    /// Repository name → Dockerfile, relative to the repository root.
    public static let dockerfiles: [String: String] = [
        "fileshare": "Sources/FileShareServer/Dockerfile",
    ]
}
