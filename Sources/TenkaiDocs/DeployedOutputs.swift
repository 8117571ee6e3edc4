import FoundationEssentials
import TenkaiCore

/// The output values of the last deploy, from `outputs.json` in the assembly's folder (what
/// `tenkai deploy` writes): the endpoints the operator manual lists. Absent before a deploy.
public struct DeployedOutputs: Sendable, Hashable {
    /// Stack name (`data`) → output name → value.
    public var stacks: [String: [String: String]]

    public init(stacks: [String: [String: String]]) {
        self.stacks = stacks
    }

    /// The outputs in `folder`, or nil when there is no readable `outputs.json`.
    public static func read(_ folder: URL) -> DeployedOutputs? {
        let file = folder.appendingPathComponent(CloudAssembly.outputsFileName)
        guard let bytes = try? Data(contentsOf: file), let value = try? JSONReader.read(Array(bytes), file: file.path),
              let stacks = value.fieldsValue?["stacks"]?.fieldsValue else { return nil }
        var result: [String: [String: String]] = [:]
        for (name, entry) in stacks {
            var outputs: [String: String] = [:]
            for (key, output) in entry.fieldsValue?["outputs"]?.fieldsValue ?? [:] { outputs[key] = output.stringValue }
            result[name] = outputs
        }
        return DeployedOutputs(stacks: result)
    }

    /// A Markdown table of every value, stacks in `order`.
    func markdown(order: [String]) -> String {
        var rows = ["| Stack | Output | Value |", "|---|---|---|"]
        for stack in order + stacks.keys.sorted().filter({ !order.contains($0) }) {
            for (name, value) in (stacks[stack] ?? [:]).sorted(by: { $0.key < $1.key }) {
                rows.append("| \(stack) | \(name) | `\(value)` |")
            }
        }
        return rows.joined(separator: "\n")
    }
}
