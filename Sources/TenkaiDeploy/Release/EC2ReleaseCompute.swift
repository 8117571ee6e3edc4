import AWSClient
import FoundationEssentials

/// Slots that are Auto Scaling groups of app servers (``AppServers``): the new version is a
/// launch template version whose cloud-init starts the new image; the idle group moves to it
/// and to the serving group's size; stopping a slot sizes its group to zero.
///
/// The idle group should be empty when a release starts (the last release emptied it); when
/// it still runs instances of another version, it is emptied first and filled again, so only
/// the new version ever enters the idle target group. (That is what an instance refresh would
/// do; a group serving no traffic can simply be emptied.)
struct EC2ReleaseCompute: ReleaseCompute {
    let target: ReleaseTarget
    let templateID: String
    let options: ReleaseOptions
    let autoScaling: AutoScaling
    let ec2: EC2
    let narrator: ReleaseNarrator

    init(target: ReleaseTarget, templateID: String, options: ReleaseOptions, session: AWSSession, narrator: ReleaseNarrator) {
        self.target = target
        self.templateID = templateID
        self.options = options
        self.autoScaling = AutoScaling(session)
        self.ec2 = EC2(session)
        self.narrator = narrator
    }

    func servingCount(_ live: ReleaseTarget.Slot) async throws -> Int {
        let group = try await describe(live)
        return max(1, group.desiredCapacity)
    }

    /// A launch template version like the serving group's, with the image in its cloud-init replaced.
    func register(image: String, like serving: ReleaseTarget.Slot) async throws -> String {
        let live = try await describe(serving)
        let source = live.launchTemplate?.version ?? "$Default"
        let current = try await ec2.launchTemplateVersion(templateID: templateID, version: source)
        guard let text = Self.userData(of: current) else {
            throw ReleaseError(.preflight, "launch template \(templateID) version \(source) has no user data to put the image in")
        }
        let replaced = try AppServerUserData.replacingImage(in: text, with: image, templateID: templateID, version: source)
        let created = try await ec2.createLaunchTemplateVersion(
            templateID: templateID, from: String(current.versionNumber), userData: Data(replaced.utf8).base64EncodedString(),
            description: "tenkai release \(options.runID): \(image)".prefix(255).description,
            clientToken: "tenkai-\(options.runID)".prefix(64).description)
        narrator.progress("launch template \(templateID) version \(created.versionNumber) (from version \(current.versionNumber))")
        return "\(templateID):\(created.versionNumber)"
    }

    func migrate(command: [String], version: String, like live: ReleaseTarget.Slot) async throws {
        throw ReleaseError(
            .preflight, "app servers have no one-off task to run the migration \(command.joined(separator: " ")) in",
            hint: "let the app migrate when it starts (fileshare serve does), or release on ECS")
    }

    func start(_ slot: ReleaseTarget.Slot, version: String, count: Int) async throws {
        let number = String(version.split(separator: ":").last ?? "")
        let group = try await describe(slot)
        try await empty(slot, ofStale: group.instances.filter { $0.launchTemplate?.version != number }, step: "green")
        narrator.step("green", "starting \(count) instance\(count == 1 ? "" : "s") of launch template version \(number) in \(slot.color) (\(slot.serviceName))")
        try await autoScaling.updateGroup(
            slot.serviceName, launchTemplate: .init(id: templateID, version: number), minSize: count, maxSize: max(group.maxSize, count),
            desiredCapacity: count)
    }

    func stop(_ slot: ReleaseTarget.Slot) async throws {
        try await autoScaling.updateGroup(slot.serviceName, minSize: 0, desiredCapacity: 0)
    }

    func troubleshooting(_ slot: ReleaseTarget.Slot) -> String {
        "read the group's activities (aws autoscaling describe-scaling-activities --auto-scaling-group-name \(slot.serviceName)), "
            + "an instance's boot log (aws ec2 get-console-output) and the app's log group"
    }

    // MARK: - Helpers

    /// Empties the group when any of its instances is stale, so that only one version ever
    /// stands behind its target group (an idle group can simply be emptied).
    func empty(_ slot: ReleaseTarget.Slot, ofStale stale: [AutoScalingGroup.Instance], step: String) async throws {
        guard !stale.isEmpty else { return }
        narrator.step(step, "emptying \(slot.color) (\(slot.serviceName)) of \(stale.count) instance\(stale.count == 1 ? "" : "s") of another version first")
        try await autoScaling.updateGroup(slot.serviceName, minSize: 0, desiredCapacity: 0)
        try await waitEmpty(slot)
    }

    /// The version's user data as text (the API answers it base64-encoded).
    static func userData(of version: LaunchTemplateVersion) -> String? {
        guard let encoded = version.userData, let decoded = Data(base64Encoded: encoded) else { return nil }
        return String(data: decoded, encoding: .utf8)
    }

    func describe(_ slot: ReleaseTarget.Slot) async throws -> AutoScalingGroup {
        guard let group = try await autoScaling.describeGroups([slot.serviceName]).first else {
            throw ReleaseError(.preflight, "Auto Scaling group \(slot.serviceName) (\(slot.color)) does not exist", hint: "deploy the environment first")
        }
        return group
    }

    func waitEmpty(_ slot: ReleaseTarget.Slot) async throws {
        let deadline = ContinuousClock.now + options.healthTimeout
        while try await !describe(slot).instances.isEmpty {
            guard ContinuousClock.now < deadline else {
                throw ReleaseError(.greenUnhealthy, "\(slot.color) (\(slot.serviceName)) still has instances after \(options.healthTimeout); no traffic moved")
            }
            try await Task.sleep(for: options.pollInterval)
        }
    }
}

/// The line of the app servers' cloud-init that names the image (`image='…'`, written by
/// ``AppServers``), found and replaced.
enum AppServerUserData {
    /// The image the one `image='…'` line names, or `nil` without exactly one such line.
    static func image(in text: String) -> String? {
        let images = text.split(separator: "\n").map { $0.drop(while: { $0 == " " }) }
            .filter { $0.hasPrefix("image='") && $0.hasSuffix("'") && $0.count > 8 }
            .map { String($0.dropFirst(7).dropLast()) }
        return images.count == 1 ? images[0] : nil
    }

    static func replacingImage(in text: String, with image: String, templateID: String, version: String) throws(ReleaseError) -> String {
        guard !image.contains("'"), !image.contains("\n") else {
            throw ReleaseError(.preflight, "image \(image) contains a quote or a line break")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let matches = lines.indices.filter { lines[$0].drop(while: { $0 == " " }).hasPrefix("image='") }
        guard matches.count == 1, let index = matches.first else {
            throw ReleaseError(
                .preflight, "the user data of launch template \(templateID) version \(version) has \(matches.count) image='…' lines, not one",
                hint: "deploy the app servers with this tenkai (AppServers writes one)")
        }
        let indent = lines[index].prefix { $0 == " " }
        lines[index] = indent + "image='\(image)'"
        return lines.joined(separator: "\n")
    }
}
