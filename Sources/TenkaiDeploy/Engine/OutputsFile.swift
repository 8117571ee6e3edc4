import AWSClient
import FoundationEssentials
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
    public static let name = CloudAssembly.outputsFileName

    public static func url(outputFolder: URL, system: String, environment: String) -> URL {
        outputFolder.appendingPathComponent(system).appendingPathComponent(environment).appendingPathComponent(name)
    }

    public static func write(_ results: [StackResult], system: String, environment: String, to file: URL) throws(TenkaiError) {
        var stacks = existing(file)
        for result in results where result.outcome.succeeded {
            stacks[result.stack] = Entry(stackName: result.stackName, region: result.region, outputs: result.outputs)
        }
        try save(Document(system: system, environment: environment, stacks: stacks), to: file)
    }

    /// Forgets stacks that no longer exist (after `destroy`), keeping the others.
    public static func remove(_ removedStacks: [String], system: String, environment: String, from file: URL) throws(TenkaiError) {
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        var stacks = existing(file)
        for stack in removedStacks { stacks[stack] = nil }
        try save(Document(system: system, environment: environment, stacks: stacks), to: file)
    }

    private static func existing(_ file: URL) -> [String: Entry] {
        (try? Data(contentsOf: file)).flatMap { try? JSONDecoder().decode(Document.self, from: $0) }?.stacks ?? [:]
    }

    private static func save(_ document: Document, to file: URL) throws(TenkaiError) {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(JSONRenderer.render(document.value)).write(to: file, options: .atomic)
        } catch {
            throw TenkaiError(.io, "could not write \(file.path): \(fileErrorReason(error))", hint: "check that the folder is writable")
        }
    }

    private struct Document: Decodable {
        var system: String
        var environment: String
        var stacks: [String: Entry]

        /// Keys sorted, so the file diffs cleanly from one deploy to the next.
        var value: Value {
            let stackValues = stacks.keys.sorted().map { name -> (String, Value) in
                let entry = stacks[name]!
                let outputs = Fields(entry.outputs.keys.sorted().map { ($0, Value.string(entry.outputs[$0]!)) })
                return (name, ["outputs": .map(outputs), "region": .string(entry.region), "stackName": .string(entry.stackName)])
            }
            return ["environment": .string(environment), "stacks": .map(Fields(stackValues)), "system": .string(system)]
        }
    }

    private struct Entry: Decodable {
        var stackName: String
        var region: String
        var outputs: [String: String]
    }
}
