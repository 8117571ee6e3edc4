import FoundationEssentials
import TenkaiCore

#if canImport(Glibc)
import Glibc
#endif

extension CodeAsset {
    /// The bootstrap bucket's name as the template computes it in the stack's own account and
    /// region; `BootstrapStack.bucketName(account:region:)` names the same bucket.
    static let bootstrapBucketTemplate = "tenkai-artifacts-${AWS::AccountId}-${AWS::Region}"

    /// Packages `folder` for function `function`, relative to the project root (never the working
    /// directory), and stages it for the assembly; a problem becomes an error of the component.
    static func reading(_ folder: String, function: String, in stack: inout StackContext) -> CodeAsset? {
        let root: URL
        if folder.hasPrefix("/") {
            root = URL(fileURLWithPath: "/")
        } else if let projectRoot = stack.projectRoot {
            root = projectRoot
        } else {
            stack.report(
                .error(
                    "function '\(function)' takes its code from \(folder), but no project root was given to find it in",
                    hint: "synthesize through Project.load(systems:environmentsFolder:), or pass projectRoot: to Resolver.resolve"))
            return nil
        }
        let path = folder.hasPrefix("/") ? folder : root.appendingPathComponent(folder).path
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            stack.report(
                .error(
                    "function '\(function)': its code folder \(folder) does not exist (looked for \(path))",
                    hint: "create it, or fix .folder(\"…\"): it is relative to the project root \(root.path)"))
            return nil
        }
        do {
            let asset = try CodeAsset(folder: folder, root: root)
            stack.assets.append(asset)
            return asset
        } catch {
            stack.report(.error("function '\(function)': \(error.message)", hint: error.hint))
            return nil
        }
    }
}
