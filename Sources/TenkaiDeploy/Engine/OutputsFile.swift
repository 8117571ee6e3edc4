import Foundation
import TenkaiCore

/// `cloud.out/<system>/<env>/outputs.json`: every stack's outputs after a deploy, for scripts and
/// the app's configuration.
///
/// ```json
/// {"stacks":{"data":{"outputs":{"FilesBucketName":"…"},"region":"ap-northeast-1","stackName":"fileshare-dev-data"}},"system":"fileshare","environment":"dev"}
/// ```
/// Stacks not deployed in this run keep what the file said before. Written atomically.
public enum OutputsFile {
    /// Its name inside the output folder, which synth keeps when it replaces the templates.
    public static let name = "outputs.json"

    public static func url(outputFolder: URL, system: String, environment: String) -> URL {
        outputFolder.appendingPathComponent(system).appendingPathComponent(environment).appendingPathComponent(name)
    }

    public static func write(_ results: [StackResult], system: String, environment: String, to file: URL) throws(TenkaiError) {
        var stacks: [String: Any] = [:]
        if let data = try? Data(contentsOf: file),
           let previous = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let previousStacks = previous["stacks"] as? [String: Any] {
            stacks = previousStacks
        }
        for result in results where result.outcome != .failed && result.outcome != .skipped {
            stacks[result.stack] = ["stackName": result.stackName, "region": result.region, "outputs": result.outputs]
        }
        let document: [String: Any] = ["system": system, "environment": environment, "stacks": stacks]
        do {
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (data + Data("\n".utf8)).write(to: file, options: .atomic)
        } catch {
            throw TenkaiError(.io, "could not write \(file.path): \(error.localizedDescription)", hint: "check that the folder is writable")
        }
    }
}
