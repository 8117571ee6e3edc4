import FoundationEssentials

/// Reads every stack's state: status, last change, drift (when CloudFormation knows it), outputs.
///
/// ```swift
/// for report in try await StatusRun(targets: targets, apis: apis).run() { print(report.stackName, report.status ?? "absent") }
/// ```
public struct StatusRun: Sendable {
    public struct Report: Sendable, Hashable {
        public var stack: String
        public var stackName: String
        public var region: String
        /// `nil` when the stack does not exist.
        public var status: String?
        public var statusReason: String?
        public var lastChange: Date?
        public var drift: String?
        public var terminationProtection: Bool
        public var outputs: [String: String]
    }

    public let targets: [DeployTarget]
    public let apis: @Sendable (String) -> any CloudFormationAPI

    public init(targets: [DeployTarget], apis: @escaping @Sendable (String) -> any CloudFormationAPI) {
        self.targets = targets
        self.apis = apis
    }

    /// One report per target, in deploy order; the stacks are read in parallel.
    public func run() async throws -> [Report] {
        try await withThrowingTaskGroup(of: (Int, Report).self) { group in
            for (index, target) in targets.enumerated() {
                group.addTask {
                    let stack = try await apis(target.region).describeStack(named: target.stackName)
                    return (index, Report(
                        stack: target.name, stackName: target.stackName, region: target.region, status: stack?.status.rawValue,
                        statusReason: stack?.statusReason, lastChange: stack?.lastChange, drift: stack?.driftStatus,
                        terminationProtection: stack?.terminationProtection ?? false, outputs: stack?.outputs ?? [:]))
                }
            }
            var reports: [(Int, Report)] = []
            for try await report in group { reports.append(report) }
            return reports.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
