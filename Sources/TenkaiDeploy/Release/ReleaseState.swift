/// The release in flight, written to the bucket before every change, so a rerun after an
/// interruption knows where traffic is and finishes the release or rolls it back.
struct ReleaseState: Codable, Sendable, Equatable {
    enum Phase: String, Codable, Sendable, Comparable {
        /// `handingBack`: released and baked on green; the stack's own service (blue) is taking
        /// the image over and traffic goes back to it. Nothing is rolled back from here.
        case migrating, green, shifting, handingBack

        static func < (lhs: Phase, rhs: Phase) -> Bool {
            let order: [Phase] = [.migrating, .green, .shifting, .handingBack]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    var runID: String
    var image: String
    /// The other containers' images of the same release, by name; absent when only one image changes (and in older states).
    var containerImages: [String: String]?
    var taskDefinitionArn: String
    /// The slot serving before the release (`blue` or `green`) and the one being filled.
    var liveColor: String
    var newColor: String
    var phase: Phase
    /// The step whose weights are on the listener (`-1`: none yet).
    var stepIndex: Int
    var greenPercent: Int
    var strategy: String
    var startedAt: String
    /// Who started it (the caller's ARN), named when a deploy is refused meanwhile; absent in older states.
    var who: String?

    /// Whether this state releases exactly `image` and `containerImages`: a rerun with the same
    /// images resumes it, any other set rolls it back first.
    func releases(_ image: String, _ containerImages: [String: String]) -> Bool {
        self.image == image && (self.containerImages ?? [:]) == containerImages
    }
}

/// What stays of a finished release: who released which image when, and how it ended.
public struct ReleaseRecord: Codable, Sendable, Equatable {
    public var runID: String
    public var system: String
    public var environment: String
    public var service: String
    /// The caller's ARN (STS `GetCallerIdentity`).
    public var who: String
    public var image: String
    /// The other containers' images released with it, by container name (`nil`: only ``image``).
    public var containerImages: [String: String]?
    public var taskDefinitionArn: String?
    public var strategy: String
    public var startedAt: String
    public var finishedAt: String
    /// `succeeded`, `rolled-back` or `failed`.
    public var result: String
    public var reason: String?
    /// The slot serving afterwards (`blue` or `green`).
    public var serving: String
}
