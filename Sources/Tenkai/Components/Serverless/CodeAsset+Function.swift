import FoundationEssentials
import TenkaiCore

extension CodeAsset {
    /// The bootstrap bucket's name as the template computes it in the stack's own account and
    /// region; `BootstrapStack.bucketName(account:region:)` names the same bucket.
    static let bootstrapBucketTemplate = "tenkai-artifacts-${AWS::AccountId}-${AWS::Region}"

    /// Packages `folder` for a function; a problem becomes an error diagnostic of the component.
    static func reading(_ folder: String, in stack: inout StackContext) -> CodeAsset? {
        do {
            return try CodeAsset(folder: folder, root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        } catch {
            stack.report(.error(error.message, hint: error.hint))
            return nil
        }
    }
}
