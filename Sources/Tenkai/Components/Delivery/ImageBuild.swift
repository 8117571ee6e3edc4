/// How a repository's images are built: the input a release (or CI) turns into an image to
/// push. Not rendered into any template; it travels with the repository for the tools.
///
/// ```swift
/// Repository("fileshare").built(from: .product("fileshare", arguments: ["serve"]))
/// Repository("gateway").built(from: .dockerfile(source: "crm-backend", context: "services/gateway"))
/// ```
public enum ImageBuild: Sendable, Hashable {
    /// An executable product of this package:
    /// `tenkai image build --product NAME --argument …` (reproducible, no docker daemon).
    case product(String, arguments: [String] = [])
    /// A Dockerfile in a source repository (`source`, a repository name), built by docker in
    /// `context` (relative to that repository's root) and pushed from `docker save`:
    /// `docker build -f FILE --target TARGET CONTEXT`, then `docker save … | tenkai image push`.
    case dockerfile(source: String, context: String, file: String = "Dockerfile", target: String? = nil)
}

extension Repository {
    /// Records how this repository's images are built.
    public func built(from build: ImageBuild) -> Repository { with { $0.build = build } }
}
