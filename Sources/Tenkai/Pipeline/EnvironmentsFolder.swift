import FoundationEssentials

/// Finds the environments folder, and with it the project root, so `tenkai` works from any
/// folder of the repository, not only its root (as `git` and `swift build` do).
///
/// ```swift
/// let folder = EnvironmentsFolder.locate("Environments", from: "/repo/Stacks/StampRally")  // /repo/Environments
/// ```
public enum EnvironmentsFolder {
    public static let defaultName = "Environments"

    /// `given` as is when it exists (relative to `directory`) or is not the default name; for the
    /// default name missing here, the nearest ancestor of `directory` that holds both an
    /// `Environments` folder and a `Package.swift`.
    public static func locate(_ given: String, from directory: String = FileManager.default.currentDirectoryPath) -> URL {
        let start = URL(fileURLWithPath: directory)
        let direct = given.hasPrefix("/") ? URL(fileURLWithPath: given) : start.appendingPathComponent(given)
        guard given == defaultName, !FileManager.default.fileExists(atPath: direct.path) else { return direct.standardizedFileURL }
        var folder = start.standardizedFileURL
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(defaultName)
            if FileManager.default.fileExists(atPath: candidate.path),
               FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return direct.standardizedFileURL
    }
}
