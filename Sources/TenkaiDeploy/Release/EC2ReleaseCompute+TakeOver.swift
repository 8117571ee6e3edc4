import AWSClient
import FoundationEssentials

extension EC2ReleaseCompute {
    /// Blue's part of the hand-back, after `UpdateStack` set the image parameter. CloudFormation
    /// added a launch template version whose cloud-init names the image and moved both groups
    /// (their `Version` is the template's `LatestVersionNumber`) onto it, but it replaces no
    /// instance: the groups' `UpdatePolicy` has only `AutoScalingScheduledAction` (no
    /// `AutoScalingRollingUpdate` or `AutoScalingReplacingUpdate`), and a group whose launch
    /// template changes keeps its instances running; only instances launched later use the new
    /// version (Auto Scaling API reference, `LaunchTemplate`). So blue, at weight 0 with the old
    /// image, is emptied and refilled here. A rolling policy would only have replaced instances
    /// that serve nothing, twice over. Instances that run the released image already (a release
    /// into blue, which serves) stay: they are what the stack's version would launch.
    func takeOver(_ slot: ReleaseTarget.Slot, image: String, count: Int) async throws {
        // The group's version is the stack's: the one its update made, or (an image the stack
        // already had: no update) the one it was on. Not `$Latest`: a release's own versions
        // may be later.
        let group = try await describe(slot)
        let declared = try await ec2.launchTemplateVersion(templateID: templateID, version: group.launchTemplate?.version ?? "$Default")
        let found = Self.userData(of: declared).flatMap(AppServerUserData.image(in:))
        guard found == image else {
            throw ReleaseError(
                .handBackFailed,
                "after the stack update \(slot.serviceName) launches from launch template \(templateID) version \(declared.versionNumber), which starts image \(found ?? "none"), not \(image)",
                hint: "the launch template's user data must take the image from parameter \(target.imageParameter ?? "-"), and the group's LaunchTemplate.Version must be its LatestVersionNumber (AppServers renders both so)")
        }
        var images = [String(declared.versionNumber): image]
        var stale: [AutoScalingGroup.Instance] = []
        for instance in group.instances {
            let version = instance.launchTemplate?.version ?? "$Default"
            if images[version] == nil {
                let described = try? await ec2.launchTemplateVersion(templateID: templateID, version: version)
                images[version] = described.flatMap(Self.userData(of:)).flatMap(AppServerUserData.image(in:)) ?? ""
            }
            if images[version] != image { stale.append(instance) }
        }
        try await empty(slot, ofStale: stale, step: "hand-back")
        let running = stale.isEmpty ? group.desiredCapacity : 0
        guard running < count || group.minSize < count else { return }
        narrator.progress("\(slot.color): \(running) → \(max(running, count)) instances of launch template version \(declared.versionNumber), as many as serve now")
        try await autoScaling.updateGroup(
            slot.serviceName, minSize: count, maxSize: max(group.maxSize, count), desiredCapacity: max(running, count))
    }
}
