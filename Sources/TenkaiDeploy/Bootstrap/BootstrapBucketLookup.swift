/// The artifacts bucket's name once the bootstrap stack is in place: from the deploy's outputs,
/// else from the stack's outputs (an unchanged stack reports none), else from the account (an
/// emulator drops outputs). When every way fails, the error says the stack is fine and which
/// lookup failed with what, instead of one bare AWS error that reads as if bootstrap had failed.
///
/// ```swift
/// let bucket = try await BootstrapBucketLookup.name(region: "eu-west-1", outputs: result.outputs, api: api, artifacts: store)
/// ```
public enum BootstrapBucketLookup {
    public struct Failed: Error, Sendable, CustomStringConvertible {
        public var region: String
        /// What was tried, each with how it failed, in order.
        public var attempts: [String]

        public var description: String {
            "the \(BootstrapStack.stackName) stack in \(region) is in place, but its artifacts bucket's name could not be looked up: "
                + attempts.joined(separator: "; ")
        }
    }

    public static func name(
        region: String, outputs: [String: String], api: any CloudFormationAPI, artifacts: (any ArtifactStore)?
    ) async throws(Failed) -> String {
        if let bucket = outputs[BootstrapStack.bucketOutput] { return bucket }
        var attempts: [String] = []
        do {
            if let bucket = try await api.describeStack(named: BootstrapStack.stackName)?.outputs[BootstrapStack.bucketOutput] { return bucket }
            attempts.append("the stack has no \(BootstrapStack.bucketOutput) output")
        } catch {
            attempts.append("reading the stack's outputs: \(error)")
        }
        guard let artifacts else { throw Failed(region: region, attempts: attempts) }
        do {
            return try await artifacts.bootstrapBucketName()
        } catch {
            attempts.append("asking for the account it is named after: \(error)")
        }
        throw Failed(region: region, attempts: attempts)
    }
}
