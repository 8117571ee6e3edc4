import FoundationEssentials

extension ComposeTranslator {
    /// The project root as a compose file in `folder` names it for build contexts and function
    /// code: relative (`../../..`) when the folder is inside the root, so the file works in any
    /// checkout; the root's absolute path otherwise. It depends on `Project.root`, never on the
    /// working directory, so `tenkai synth --target compose` writes the same files from anywhere.
    public static func projectRoot(_ root: URL, seenFrom folder: URL) -> String {
        let rootParts = root.standardizedFileURL.pathComponents
        let folderParts = folder.standardizedFileURL.pathComponents
        guard folderParts.count >= rootParts.count, Array(folderParts.prefix(rootParts.count)) == rootParts else {
            return root.standardizedFileURL.path
        }
        let depth = folderParts.count - rootParts.count
        return depth == 0 ? "." : Array(repeating: "..", count: depth).joined(separator: "/")
    }
}
