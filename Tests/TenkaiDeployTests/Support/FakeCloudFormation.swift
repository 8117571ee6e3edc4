import AWSClient
import Foundation
import Synchronization
import TenkaiDeploy

/// An in-memory CloudFormation for unit tests of the engine's state machine.
///
/// It plays what moto cannot: operations that stay `*_IN_PROGRESS` over several polls (each
/// `DescribeStacks` advances a scripted timeline by one step), failures that roll back,
/// throttling, and answers lost after the call took effect. Every call is recorded.
final class FakeCloudFormation: CloudFormationAPI {
    /// One step of a stack operation, revealed by one `DescribeStacks` call.
    struct Step: Sendable {
        var status: String
        var reason: String?
        /// Resource events of this step: logical ID, status, reason.
        var events: [(String, String, String?)] = []
    }

    /// A call went out and its answer never came back.
    struct LostConnection: Error {}

    private struct StackRecord {
        var description: StackDescription
        var template: String
        var events: [StackActivity] = []  // newest first
        var timeline: [Step] = []
        var resourceTypes: [String: String] = [:]
    }

    private struct ChangeSetRecord {
        var description: DescribedChangeSet
        var stackName: String
        var template: String
        var parameters: [String: String]
        var tags: [String: String]
    }

    private struct State {
        var stacks: [String: StackRecord] = [:]
        var changeSets: [String: ChangeSetRecord] = [:]
        var calls: [String] = []
        var failures: [String: [any Error]] = [:]
        var loseAnswerOf: Set<String> = []
        var nextExecuteTimeline: [String: [Step]] = [:]
        var changesOverride: [String: [PlannedChange]] = [:]
        var noChangesAsError = false
        var eventCounter = 0
        var delays: [String: Duration] = [:]
        var drift: StackDriftReport?
        /// Calls of each operation under way now, and the most there ever were at once.
        var inFlight: [String: Int] = [:]
        var peakInFlight: [String: Int] = [:]
        var armedOnExecute: [String: [any Error]] = [:]
    }

    private let state = Mutex(State())
    let region: String

    init(region: String = "ap-northeast-1") {
        self.region = region
    }

    // MARK: - Scripting

    var calls: [String] { state.withLock { $0.calls } }

    func calls(_ operation: String) -> Int { calls.filter { $0 == operation }.count }

    /// Puts a stack in place, as if deployed earlier.
    func seed(_ name: String, status: String, template: String = "{}", parameters: [String: String] = [:], tags: [String: String] = [:], outputs: [String: String] = [:], events: [(String, String, String?)] = []) {
        state.withLock { state in
            var record = StackRecord(
                description: StackDescription(
                    stackID: "arn:aws:cloudformation:\(region):123456789012:stack/\(name)/1", stackName: name, status: StackState(status),
                    creationTime: Date(timeIntervalSince1970: 1_000), parameters: parameters, tags: tags, outputs: outputs),
                template: template)
            for event in events { Self.append(event, to: &record, state: &state) }
            state.stacks[name] = record
        }
    }

    /// The steps the next execution (or deletion) of this stack goes through.
    func script(_ stackName: String, _ steps: [Step]) {
        state.withLock { $0.nextExecuteTimeline[stackName] = steps }
    }

    /// The steps an operation already running on this stack goes through from now on.
    func running(_ stackName: String, _ steps: [Step]) {
        state.withLock { $0.stacks[stackName]?.timeline = steps }
    }

    /// Errors the next calls of `operation` throw (before doing anything), one per call.
    func fail(_ operation: String, with errors: [any Error]) {
        state.withLock { $0.failures[operation, default: []] += errors }
    }

    /// Errors the calls of `operation` throw once a change set has been executed (while following).
    func failWhileFollowing(_ operation: String, with errors: [any Error]) {
        state.withLock { $0.armedOnExecute[operation, default: []] += errors }
    }

    /// The next call of `operation` takes effect, but its answer is lost.
    func loseAnswer(of operation: String) {
        state.withLock { _ = $0.loseAnswerOf.insert(operation) }
    }

    /// The changes the next change sets of a stack report (instead of the computed ones).
    func changes(for stackName: String, _ changes: [PlannedChange]) {
        state.withLock { $0.changesOverride[stackName] = changes }
    }

    /// Answer "no changes" as a ValidationError from CreateChangeSet, as some emulators do.
    func reportNoChangesAsError() {
        state.withLock { $0.noChangesAsError = true }
    }

    /// Makes every call of `operation` on any stack take this long (to see parallelism).
    func delay(_ operation: String, by duration: Duration) {
        state.withLock { $0.delays[operation] = duration }
    }

    /// The most calls of `operation` that were under way at the same time.
    func peakConcurrency(_ operation: String) -> Int { state.withLock { $0.peakInFlight[operation] ?? 0 } }

    /// What drift detection finds (`nil`: the fake has no drift detection, like moto).
    func driftWillBe(_ report: StackDriftReport?) { state.withLock { $0.drift = report } }

    func detectDrift(stackName: String, timeout: Duration) async throws -> StackDriftReport {
        try await begin("DetectStackDrift")
        guard let report = state.withLock({ $0.drift }) else {
            throw DeployError(.aws, "drift detection is not available through this connection", stackName: stackName)
        }
        return report
    }

    func stack(_ name: String) -> StackDescription? { state.withLock { $0.stacks[name]?.description } }
    func template(_ name: String) -> String? { state.withLock { $0.stacks[name]?.template } }
    var changeSetCount: Int { state.withLock { $0.changeSets.count } }

    // MARK: - CloudFormationAPI

    /// A stack name, or the name inside a stack ID (`arn:…:stack/NAME/1`).
    private static func name(_ nameOrID: String) -> String {
        nameOrID.hasPrefix("arn:") ? String(nameOrID.split(separator: "/").dropFirst().first ?? "") : nameOrID
    }

    func describeStack(named nameOrID: String) async throws -> StackDescription? {
        try await begin("DescribeStacks")
        let name = Self.name(nameOrID)
        return state.withLock { state in
            guard var record = state.stacks[name] else { return nil }
            if !record.timeline.isEmpty {
                let step = record.timeline.removeFirst()
                record.description.status = StackState(step.status)
                record.description.statusReason = step.reason
                for event in step.events { Self.append(event, to: &record, state: &state) }
                Self.append((name, step.status, step.reason), to: &record, state: &state, stackEvent: true)
                if step.status == "DELETE_COMPLETE" {
                    state.stacks[name] = nil
                    return record.description
                }
                state.stacks[name] = record
            }
            return record.description
        }
    }

    func getTemplate(stackName: String) async throws -> String {
        try await begin("GetTemplate")
        guard let template = state.withLock({ $0.stacks[stackName]?.template }) else {
            throw AWSError(service: "cloudformation", operation: "GetTemplate", status: 400, code: "ValidationError", message: "Stack with id \(stackName) does not exist", requestID: nil)
        }
        return template
    }

    func createChangeSet(_ request: ChangeSetRequest) async throws -> String {
        try await begin("CreateChangeSet")
        let arn = "arn:aws:cloudformation:\(region):123456789012:changeSet/\(request.changeSetName)/1"
        let body = request.templateBody ?? "url:\(request.templateURL ?? "")"
        let outcome: (any Error)? = state.withLock { state in
            if let existing = state.stacks[request.stackName] {
                if request.kind == .create && !existing.description.status.isReviewInProgress {
                    return AWSError(service: "cloudformation", operation: "CreateChangeSet", status: 400, code: "ValidationError", message: "Stack [\(request.stackName)] already exists and cannot be created again with the changeSet", requestID: nil)
                }
                if request.kind == .update && existing.description.status.isReviewInProgress {
                    return AWSError(service: "cloudformation", operation: "CreateChangeSet", status: 400, code: "ValidationError", message: "Stack:\(request.stackName) is in REVIEW_IN_PROGRESS state and can not be updated.", requestID: nil)
                }
            } else if request.kind == .update {
                return AWSError(service: "cloudformation", operation: "CreateChangeSet", status: 400, code: "ValidationError", message: "Stack [\(request.stackName)] does not exist", requestID: nil)
            } else {
                state.stacks[request.stackName] = StackRecord(
                    description: StackDescription(stackID: "arn:aws:cloudformation:\(region):123456789012:stack/\(request.stackName)/1", stackName: request.stackName, status: "REVIEW_IN_PROGRESS"),
                    template: "{}")
            }
            let current = state.stacks[request.stackName]!
            let unchanged = current.template == body && current.description.parameters == request.parameters && current.description.tags == request.tags
            if unchanged && state.noChangesAsError {
                return AWSError(service: "cloudformation", operation: "CreateChangeSet", status: 400, code: "ValidationError", message: "No updates are to be performed.", requestID: nil)
            }
            let changes = state.changesOverride[request.stackName] ?? Self.changes(from: current.template, to: body)
            let description = DescribedChangeSet(
                arn: arn, name: request.changeSetName, stackID: current.description.stackID,
                status: unchanged ? "FAILED" : "CREATE_COMPLETE",
                statusReason: unchanged ? "The submitted information didn't contain changes. Submit different information to create a change set." : nil,
                executionStatus: unchanged ? "UNAVAILABLE" : "AVAILABLE", changes: unchanged ? [] : changes)
            state.changeSets[arn] = ChangeSetRecord(description: description, stackName: request.stackName, template: body, parameters: request.parameters, tags: request.tags)
            return nil
        }
        if let outcome { throw outcome }
        try end("CreateChangeSet")
        return arn
    }

    func describeChangeSet(_ changeSet: String, stackName: String) async throws -> DescribedChangeSet {
        try await begin("DescribeChangeSet")
        guard let record = state.withLock({ state in state.changeSets[changeSet] ?? state.changeSets.values.first { $0.description.name == changeSet } }) else {
            throw AWSError(service: "cloudformation", operation: "DescribeChangeSet", status: 404, code: "ChangeSetNotFound", message: "ChangeSet [\(changeSet)] does not exist", requestID: nil)
        }
        return record.description
    }

    func createStack(_ request: StackRequest) async throws {
        try await begin("CreateStack")
        try state.withLock { state in
            if state.stacks[request.stackName] != nil {
                throw AWSError(service: "cloudformation", operation: "CreateStack", status: 400, code: "AlreadyExistsException", message: "Stack [\(request.stackName)] already exists", requestID: nil)
            }
            var record = StackRecord(
                description: StackDescription(stackID: "arn:aws:cloudformation:\(region):123456789012:stack/\(request.stackName)/1", stackName: request.stackName, status: "CREATE_IN_PROGRESS", creationTime: Date(), parameters: request.parameters, tags: request.tags),
                template: request.templateBody ?? "")
            record.timeline = state.nextExecuteTimeline.removeValue(forKey: request.stackName) ?? [Step(status: "CREATE_IN_PROGRESS"), Step(status: "CREATE_COMPLETE")]
            state.stacks[request.stackName] = record
        }
        try end("CreateStack")
    }

    func updateStack(_ request: StackRequest) async throws {
        try await begin("UpdateStack")
        try state.withLock { state in
            guard var record = state.stacks[request.stackName] else {
                throw AWSError(service: "cloudformation", operation: "UpdateStack", status: 400, code: "ValidationError", message: "Stack [\(request.stackName)] does not exist", requestID: nil)
            }
            if record.template == request.templateBody && record.description.parameters == request.parameters && record.description.tags == request.tags {
                throw AWSError(service: "cloudformation", operation: "UpdateStack", status: 400, code: "ValidationError", message: "No updates are to be performed.", requestID: nil)
            }
            record.template = request.templateBody ?? ""
            record.description.parameters = request.parameters
            record.description.tags = request.tags
            record.description.lastUpdatedTime = Date()
            record.timeline = state.nextExecuteTimeline.removeValue(forKey: request.stackName) ?? [Step(status: "UPDATE_IN_PROGRESS"), Step(status: "UPDATE_COMPLETE")]
            state.stacks[request.stackName] = record
        }
        try end("UpdateStack")
    }

    func executeChangeSet(_ changeSetARN: String, stackName: String, clientRequestToken: String) async throws {
        try await begin("ExecuteChangeSet")
        try state.withLock { state in
            guard let changeSet = state.changeSets[changeSetARN], var record = state.stacks[stackName] else {
                throw AWSError(service: "cloudformation", operation: "ExecuteChangeSet", status: 400, code: "ValidationError", message: "no such change set", requestID: nil)
            }
            let creating = record.description.status.isReviewInProgress
            let verb = creating ? "CREATE" : "UPDATE"
            record.timeline = state.nextExecuteTimeline.removeValue(forKey: stackName)
                ?? [Step(status: "\(verb)_IN_PROGRESS"), Step(status: "\(verb)_COMPLETE")]
            let final = record.timeline.last?.status ?? ""
            if final.hasSuffix("_COMPLETE") && !final.contains("ROLLBACK") {
                record.template = changeSet.template
                record.description.parameters = changeSet.parameters
                record.description.tags = changeSet.tags
            }
            if !creating { record.description.lastUpdatedTime = Date() }
            Self.append((stackName, "\(verb)_IN_PROGRESS", "User Initiated"), to: &record, state: &state, stackEvent: true)
            state.stacks[stackName] = record
            for (operation, errors) in state.armedOnExecute { state.failures[operation, default: []] += errors }
            state.armedOnExecute = [:]
            // Executing deletes the stack's other change sets.
            state.changeSets = state.changeSets.filter { $0.value.stackName != stackName }
        }
        try end("ExecuteChangeSet")
    }

    func deleteChangeSet(_ changeSetARN: String, stackName: String) async throws {
        try await begin("DeleteChangeSet")
        state.withLock { _ = $0.changeSets.removeValue(forKey: changeSetARN) }
    }

    func deleteStack(named name: String, clientRequestToken: String) async throws {
        try await begin("DeleteStack")
        state.withLock { state in
            guard var record = state.stacks[name] else { return }
            record.timeline = state.nextExecuteTimeline.removeValue(forKey: name)
                ?? [Step(status: "DELETE_IN_PROGRESS"), Step(status: "DELETE_COMPLETE")]
            state.stacks[name] = record
        }
        try end("DeleteStack")
    }

    func describeStackEvents(stackName nameOrID: String, nextToken: String?) async throws -> StackActivityPage {
        try await begin("DescribeStackEvents")
        let stackName = Self.name(nameOrID)
        let events = state.withLock { $0.stacks[stackName]?.events ?? [] }
        // Pages of 3, to exercise paging.
        let start = Int(nextToken ?? "0") ?? 0
        let page = Array(events.dropFirst(start).prefix(3))
        return StackActivityPage(events: page, nextToken: start + 3 < events.count ? String(start + 3) : nil)
    }

    func updateTerminationProtection(stackName: String, enabled: Bool) async throws {
        try await begin("UpdateTerminationProtection")
        state.withLock { $0.stacks[stackName]?.description.terminationProtection = enabled }
    }

    func describeStackResources(stackName: String) async throws -> [StackResourceSummary] {
        try await begin("DescribeStackResources")
        return state.withLock { state in
            (state.stacks[stackName]?.resourceTypes ?? [:]).map { StackResourceSummary(logicalResourceID: $0.key, physicalResourceID: "physical-\($0.key)", resourceType: $0.value, status: "CREATE_COMPLETE") }
        }
    }

    // MARK: - Plumbing

    private func begin(_ operation: String) async throws {
        let (error, delay) = state.withLock { state -> ((any Error)?, Duration?) in
            state.calls.append(operation)
            state.inFlight[operation, default: 0] += 1
            state.peakInFlight[operation] = max(state.peakInFlight[operation] ?? 0, state.inFlight[operation]!)
            let error = state.failures[operation]?.isEmpty == false ? state.failures[operation]!.removeFirst() : nil
            return (error, state.delays[operation])
        }
        defer { state.withLock { $0.inFlight[operation]! -= 1 } }
        if let delay { try await Task.sleep(for: delay) }
        if let error { throw error }
    }

    private func end(_ operation: String) throws {
        if state.withLock({ $0.loseAnswerOf.remove(operation) != nil }) { throw LostConnection() }
    }

    private static func append(_ event: (String, String, String?), to record: inout StackRecord, state: inout State, stackEvent: Bool = false) {
        state.eventCounter += 1
        let isStack = stackEvent || event.0 == record.description.stackName
        record.events.insert(
            StackActivity(
                eventID: "event-\(state.eventCounter)", logicalResourceID: event.0,
                resourceType: isStack ? "AWS::CloudFormation::Stack" : record.resourceTypes[event.0] ?? "AWS::S3::Bucket",
                status: event.1, statusReason: event.2, timestamp: Date(timeIntervalSince1970: 2_000 + Double(state.eventCounter))),
            at: 0)
    }

    /// Adds and removals by logical ID, modifications where a resource's JSON differs.
    private static func changes(from old: String, to new: String) -> [PlannedChange] {
        func resources(_ text: String) -> [String: NSDictionary] {
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return (object?["Resources"] as? [String: NSDictionary]) ?? [:]
        }
        let before = resources(old), after = resources(new)
        var changes: [PlannedChange] = []
        for id in Set(before.keys).union(after.keys).sorted() {
            let type = (after[id] ?? before[id])?["Type"] as? String ?? ""
            switch (before[id], after[id]) {
            case (nil, _?): changes.append(PlannedChange(action: "Add", logicalResourceID: id, resourceType: type))
            case (_?, nil): changes.append(PlannedChange(action: "Remove", logicalResourceID: id, resourceType: type))
            case (let b?, let a?) where b != a:
                changes.append(PlannedChange(action: "Modify", logicalResourceID: id, resourceType: type, replacement: "False", scope: ["Properties"]))
            default: break
            }
        }
        return changes
    }
}
