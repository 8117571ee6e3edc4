import FoundationEssentials
import TenkaiCore

/// What a release plan releases, exactly: the service and where it runs (its ``ReleaseTarget``:
/// cluster, services, target groups, listener, alarms), every image by digest, the strategy and any
/// bake override, and the state of every stack the release depends on. Approvers sign it as part of
/// the plan's ID; `tenkai release --plan` runs only this.
///
/// ```swift
/// let intent = try ReleaseIntent(target: target, image: "host/fileshare@sha256:…", options: options, stacks: snapshots)
/// // options.containerImages: the other containers' images of the same release, bound too
/// ```
public struct ReleaseIntent: Codable, Sendable, Hashable {
    public var service: String
    /// `host/repository@sha256:…`: a tag can move after approval, a digest cannot.
    public var image: String
    /// The other containers' images released with it, by container name, each by digest
    /// (`nil`: only ``image``; absent in older plans).
    public var containerImages: [String: String]?
    /// The strategy as the environment file writes it (`canary 10% for 5m`).
    public var strategy: String
    /// Every bake replaced by this many seconds (`--bake`), when set.
    public var bakeSeconds: Int?
    public var target: ReleaseTarget
    /// Each stack the release checks, by CloudFormation stack name, as it was when planned.
    public var stacks: [String: StackSnapshot]

    public init(target: ReleaseTarget, image: String, options: ReleaseOptions, stacks: [String: StackSnapshot]) throws(DeployError) {
        let reference: ImageReference
        do { reference = try ImageReference(parsing: image) } catch {
            throw DeployError(.invalidPlan, error.message, hint: error.hint)
        }
        guard reference.digest != nil else {
            throw DeployError(
                .invalidPlan, "a release plan needs the image by digest, not the tag in '\(image)' (a tag can point elsewhere after approval)",
                hint: "pass --image \(reference.host)/\(reference.repository)@sha256:<digest> (docker buildx imagetools inspect, or the push's output)")
        }
        var containerImages: [String: String] = [:]
        do throws(ReleaseError) {
            for (container, other) in try target.checkedContainerImages(options.containerImages) {
                guard other.digest != nil else {
                    throw ReleaseError(
                        .preflight,
                        "a release plan needs container \(container)'s image by digest, not the tag in '\(other)' (a tag can point elsewhere after approval)",
                        hint: "pass --image \(container)=\(other.host)/\(other.repository)@sha256:<digest>")
                }
                containerImages[container] = other.description
            }
        } catch {
            throw DeployError(.invalidPlan, error.message, hint: error.hint)
        }
        self.service = target.service
        self.image = reference.description
        self.containerImages = containerImages.isEmpty ? nil : containerImages
        self.strategy = options.strategy.description
        self.bakeSeconds = options.bakeOverride.map { Int($0.components.seconds) }
        self.target = target
        self.stacks = stacks
    }

    /// How this run differs from the plan (service, image, strategy, bake, where the service
    /// runs), one phrase each; empty when it is the planned release.
    public func differences(service: String, image: String, options: ReleaseOptions, target: ReleaseTarget) -> [String] {
        var found: [String] = []
        if service != self.service { found.append("service \(service), the plan releases \(self.service)") }
        let normalized = (try? ImageReference(parsing: image).description) ?? image
        if normalized != self.image { found.append("image \(normalized), the plan releases \(self.image)") }
        let planned = self.containerImages ?? [:]
        for container in Set(planned.keys).union(options.containerImages.keys).sorted() {
            let given = options.containerImages[container].map { (try? ImageReference(parsing: $0).description) ?? $0 }
            guard given != planned[container] else { continue }
            found.append(
                "container \(container)'s image \(given ?? "unchanged"), the plan \(planned[container].map { "releases \($0)" } ?? "leaves it unchanged")")
        }
        if options.strategy.description != strategy { found.append("strategy \(options.strategy), the plan's is \(strategy)") }
        let bake = options.bakeOverride.map { Int($0.components.seconds) }
        if bake != bakeSeconds {
            found.append("bake override \(bake.map { "\($0)s" } ?? "none"), the plan's is \(bakeSeconds.map { "\($0)s" } ?? "none")")
        }
        if service == self.service, target != self.target {
            found.append("the service's resources (cluster, services, target groups, listener or alarms) are not the planned ones")
        }
        return found
    }

    /// What `plan show` prints for it.
    var lines: [String] {
        var lines = [
            "release \(target.system)/\(service) to \(target.environment) (\(target.region))",
            "  image \(image)",
        ] + (containerImages ?? [:]).sorted { $0.key < $1.key }.map { "  container \($0.key) image \($0.value)" } + [
            "  strategy \(strategy)\(bakeSeconds.map { ", every bake \($0)s" } ?? "")",
            "  cluster \(target.cluster), services \(target.blue.serviceName) / \(target.green.serviceName), listener \(target.listenerArn)",
        ]
        if !target.alarmNames.isEmpty { lines.append("  rolls back on alarms: \(target.alarmNames.joined(separator: ", "))") }
        if let migration = target.migrationCommand { lines.append("  migration first: \(migration.joined(separator: " "))") }
        for (name, state) in stacks.sorted(by: { $0.key < $1.key }) {
            lines.append("  stack \(name): \(state)")
        }
        return lines
    }
}
