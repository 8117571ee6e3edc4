import FoundationEssentials
import TenkaiCore

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
        /// With `compareTemplates`: whether the deployed template is the assembly's (`nil`: not compared).
        public var templateMatches: Bool?
        /// With `compareTemplates`: the resources CloudFormation's drift detection found changed.
        public var driftedResources: [String] = []
        /// Why drift detection could not run (the template comparison still did).
        public var driftDetectionProblem: String?

        /// A stack whose last operation failed (or that a failed create left behind).
        public var isFailed: Bool { status.map { $0.hasSuffix("_FAILED") || $0 == "ROLLBACK_COMPLETE" } ?? false }
        /// CloudFormation found drift, or the deployed template is not the assembly's.
        public var isDrifted: Bool { drift == "DRIFTED" || templateMatches == false }
    }

    public let targets: [DeployTarget]
    public let apis: @Sendable (String) -> any CloudFormationAPI
    /// Also compare each deployed template with the assembly's (one `GetTemplate` per stack).
    public let compareTemplates: Bool

    public init(targets: [DeployTarget], apis: @escaping @Sendable (String) -> any CloudFormationAPI, compareTemplates: Bool = false) {
        self.targets = targets
        self.apis = apis
        self.compareTemplates = compareTemplates
    }

    /// One report per target, in deploy order; the stacks are read in parallel.
    public func run() async throws -> [Report] {
        try await withThrowingTaskGroup(of: (Int, Report).self) { group in
            for (index, target) in targets.enumerated() {
                group.addTask {
                    let api = apis(target.region)
                    let stack = try await api.describeStack(named: target.stackName)
                    var report = Report(
                        stack: target.name, stackName: target.stackName, region: target.region, status: stack?.status.rawValue,
                        statusReason: stack?.statusReason, lastChange: stack?.lastChange, drift: stack?.driftStatus,
                        terminationProtection: stack?.terminationProtection ?? false, outputs: stack?.outputs ?? [:])
                    if compareTemplates, stack != nil {
                        report.templateMatches = Self.sameTemplate(try await api.getTemplate(stackName: target.stackName), target.templateBody)
                        do {
                            let drift = try await api.detectDrift(stackName: target.stackName, timeout: .seconds(300))
                            report.drift = drift.status
                            report.driftedResources = drift.drifted
                        } catch {
                            report.driftDetectionProblem = "\(error)"
                        }
                    }
                    return (index, report)
                }
            }
            var reports: [(Int, Report)] = []
            for try await report in group { reports.append(report) }
            return reports.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Same template: the same bytes, or the same values (CloudFormation may hand back other spacing).
    static func sameTemplate(_ deployed: String, _ local: [UInt8]) -> Bool {
        if Array(deployed.utf8) == local { return true }
        guard let deployedValue = try? JSONReader.read(Array(deployed.utf8)), let localValue = try? JSONReader.read(local) else { return false }
        return deployedValue.sortingMapKeys() == localValue.sortingMapKeys()
    }
}
