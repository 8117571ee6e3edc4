/// Where a cross-region parameter's value comes from: an output of another stack, which deploy
/// reads after that stack is done.
public struct OutputSource: Sendable, Hashable, Codable {
    public var stack: String
    public var output: String

    public init(stack: String, output: String) {
        self.stack = stack
        self.output = output
    }
}
