import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// `swift build -c release --static-swift-stdlib --product NAME` in the current package, its
/// output passed through, so an image holds a release binary with the Swift runtime inside.
public enum SwiftProductBuild {
    /// Builds `product` and returns the binary's path (`.build/release/<product>`).
    public static func build(product: String) throws(ImageError) -> String {
        let arguments = ["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", product]
        let pointers = arguments.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        var processID = pid_t()
        let spawned = posix_spawnp(&processID, "swift", nil, nil, pointers + [nil], environ)
        guard spawned == 0 else {
            throw ImageError("cannot start `swift build`: \(String(cString: strerror(spawned))); install Swift, or pass --binary PATH")
        }
        var status: Int32 = 0
        while waitpid(processID, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            throw ImageError("`\(arguments.joined(separator: " "))` failed (status \(status)); fix the build, or pass --binary PATH")
        }
        return ".build/release/" + product
    }
}
