/// `--image REF --image gateway=REF`: a release's images as `tenkai release` takes them, for the
/// hints that tell someone to run it again; a rerun with fewer images is another release.
///
/// ```swift
/// ImageArguments.of("…/staff-api@sha256:…", ["gateway": "…/gateway@sha256:…"])
/// // "--image …/staff-api@sha256:… --image gateway=…/gateway@sha256:…"
/// ```
public enum ImageArguments {
    public static func of(_ image: String, _ containerImages: [String: String]?) -> String {
        (["--image \(image)"] + (containerImages ?? [:]).sorted { $0.key < $1.key }.map { "--image \($0.key)=\($0.value)" })
            .joined(separator: " ")
    }
}
