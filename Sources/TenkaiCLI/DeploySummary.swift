import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// The end of a deploy: one line per stack and where the outputs are (a JSON object in JSON mode).
enum DeploySummary {
    static func print(_ results: [StackResult], outputsFile: URL, json: Bool) {
        if json {
            let stacks: [Value] = results.map { result in
                var fields: Fields = [
                    "stack": .string(result.stack), "stackName": .string(result.stackName), "outcome": .string(result.outcome.rawValue),
                    "elapsedMilliseconds": .int(Int(result.elapsed / .milliseconds(1))),
                ]
                if let error = result.error { fields["error"] = .string(error) }
                return .map(fields)
            }
            let summary: Value = ["event": "summary", "stacks": .list(stacks), "outputsFile": .string(outputsFile.path)]
            StandardStream.output.write(JSONRenderer.renderCompact(summary) + [UInt8(ascii: "\n")])
            return
        }
        let rows = results.map { [$0.stack, $0.stackName, $0.outcome.rawValue, (Double($0.elapsed / .milliseconds(1)) / 1000).fixed(1) + "s"] }
        Console.table(["STACK", "CLOUDFORMATION STACK", "RESULT", "TIME"], rows, to: Console.error)
        for result in results { if let error = result.error { Console.error("\(result.stack): \(error)") } }
        Console.error("outputs: \(outputsFile.path)")
    }

    /// The last event of an interrupted run: what finished and what may still be running.
    static func interrupted(_ results: [StackResult], system: String, reporter: any DeployReporter) {
        let unfinished = results.filter { $0.outcome == .interrupted }.map(\.stackName)
        let message = unfinished.isEmpty
            ? "interrupted; every stack had finished"
            : "interrupted; not finished: \(unfinished.joined(separator: ", ")) (CloudFormation may still be working on those; rerun to pick them up)"
        reporter.report(DeployEvent(.interrupted, stack: system, stackName: "", message: message))
    }
}
