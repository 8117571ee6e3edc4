import AWSClient
import FoundationEssentials

extension ReleaseEngine {
    /// Waits until `count` targets of the slot's group are healthy (and none unhealthy), reporting
    /// each change; gives up after ``ReleaseOptions/healthTimeout``.
    func waitHealthy(_ slot: ReleaseTarget.Slot, count: Int) async throws {
        let deadline = ContinuousClock.now + options.healthTimeout
        var shown = ""
        while true {
            if let why = interruption.requested {
                throw ReleaseError(.greenUnhealthy, "interrupted (\(why)) while \(slot.color) was starting; no traffic moved")
            }
            let targets = try await elb.describeTargetHealth(targetGroupArn: slot.targetGroupArn)
            let healthy = targets.filter { $0.targetHealth?.state == "healthy" }.count
            let line = "\(slot.color): \(healthy)/\(count) targets healthy"
            if line != shown {
                progress(line)
                shown = line
            }
            if healthy >= count { return }
            guard ContinuousClock.now < deadline else {
                let sick = targets.filter { $0.targetHealth?.state != "healthy" }
                    .map { "\($0.target.id) \($0.targetHealth?.state ?? "?")\($0.targetHealth?.reason.map { " (\($0))" } ?? "")" }
                throw ReleaseError(
                    .greenUnhealthy,
                    "\(slot.color) did not become healthy within \(options.healthTimeout): \(line)"
                        + (sick.isEmpty ? "" : "; " + sick.joined(separator: ", ")) + "; no traffic moved",
                    hint: compute.troubleshooting(slot))
            }
            try await Task.sleep(for: options.pollInterval)
        }
    }
}
