import AWSClient
import FoundationEssentials
import Hashing
import TenkaiCore

/// Finds the templates in the bootstrap bucket nothing needs any more (like `cdk gc`): a
/// template is kept while it is the one its stack runs, while an open plan would send it, or
/// while it is younger than the grace period (a deploy in flight); everything else under
/// `templates/` is garbage. Nothing outside `templates/` is touched.
///
/// ```swift
/// let findings = try await ArtifactCollector(cloudFormation: api, s3: S3(session))
///     .scan(bucket: bucket, planned: plannedTemplates, keepingNewerThan: Date().addingTimeInterval(-86_400))
/// ```
public struct ArtifactCollector: Sendable {
    public static let prefix = "templates/"

    /// One object and the verdict on it.
    public struct Finding: Sendable, Hashable {
        public var key: String
        public var bytes: UInt64
        public var garbage: Bool
        public var reason: String
    }

    public let cloudFormation: any CloudFormationAPI
    public let s3: S3

    public init(cloudFormation: any CloudFormationAPI, s3: S3) {
        self.cloudFormation = cloudFormation
        self.s3 = s3
    }

    /// `planned` holds `<stack name>/<template SHA-256>` of every template an open plan sends.
    public func scan(bucket: String, planned: Set<String>, keepingNewerThan cutoff: Date) async throws -> [Finding] {
        var entries: [S3ObjectList.Entry] = []
        var token: String?
        repeat {
            // The prefix without its slash: moto (5.2) refuses a signed prefix holding one (the
            // real S3 takes it); the filter below keeps only what is under `templates/`.
            let page = try await s3.listObjectsV2(bucket: bucket, prefix: String(Self.prefix.dropLast()), continuationToken: token)
            entries += page.contents.filter { $0.key.hasPrefix(Self.prefix) }
            token = page.nextContinuationToken
        } while token != nil

        var deployed: [String: String?] = [:]
        var findings: [Finding] = []
        for entry in entries.sorted(by: { $0.key < $1.key }) {
            let parts = entry.key.dropFirst(Self.prefix.count).split(separator: "/")
            guard parts.count == 2, parts[1].hasSuffix(".template.json") else {
                findings.append(Finding(key: entry.key, bytes: entry.size, garbage: false, reason: "not a template tenkai wrote; left alone"))
                continue
            }
            let stackName = String(parts[0]), sha256 = String(parts[1].dropLast(".template.json".count))
            if deployed.index(forKey: stackName) == nil { deployed[stackName] = .some(try await deployedTemplateSHA256(stackName)) }
            let current = deployed[stackName] ?? nil
            let verdict: (Bool, String) =
                if current == sha256 { (false, "the template stack \(stackName) runs") }
                else if planned.contains("\(stackName)/\(sha256)") { (false, "an open plan sends it") }
                else if let modified = entry.lastModified, modified > cutoff { (false, "younger than the grace period") }
                else if current == nil { (true, "stack \(stackName) no longer exists") }
                else { (true, "stack \(stackName) runs a newer template") }
            findings.append(Finding(key: entry.key, bytes: entry.size, garbage: verdict.0, reason: verdict.1))
        }
        return findings
    }

    /// Deletes the garbage among `findings`; returns how many objects went.
    public func delete(_ findings: [Finding], bucket: String) async throws -> Int {
        var deleted = 0
        for finding in findings where finding.garbage {
            try await s3.deleteObject(bucket: bucket, key: finding.key)
            deleted += 1
        }
        return deleted
    }

    /// The SHA-256 of the template a stack runs, or nil when there is no such stack.
    private func deployedTemplateSHA256(_ stackName: String) async throws -> String? {
        guard let stack = try await cloudFormation.describeStack(named: stackName), !stack.status.isDeleted else { return nil }
        return SHA256.hex(Array(try await cloudFormation.getTemplate(stackName: stackName).utf8))
    }
}
