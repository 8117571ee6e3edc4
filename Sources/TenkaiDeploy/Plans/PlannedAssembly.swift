import FoundationEssentials
import Hashing
import TenkaiCore

/// The cloud assembly a plan was made from, as the plan records it: manifest.json's SHA-256 (which
/// covers every template's and the environment file's SHA-256, so it names the whole assembly),
/// and per stack the digests that let a refusal say *what* differs rather than only that
/// something does.
///
/// ```swift
/// let planned = PlannedAssembly(assembly)
/// let now = PlannedAssembly(try CloudAssembly.read(folder))
/// print(planned.differences(from: now))  // ["stack data: its template (SHA-256 … planned, … now)"]
/// ```
public struct PlannedAssembly: Codable, Sendable, Hashable {
    public struct Stack: Codable, Sendable, Hashable {
        public var templateSHA256: String
        /// SHA-256 of the stack's manifest entry: region, parameters and their sources, outputs,
        /// dependencies, tags.
        public var entrySHA256: String

        public init(templateSHA256: String, entrySHA256: String) {
            self.templateSHA256 = templateSHA256
            self.entrySHA256 = entrySHA256
        }
    }

    public var manifestSHA256: String
    public var environmentSHA256: String
    /// By the stack's name in the system (`data`).
    public var stacks: [String: Stack]

    public init(manifestSHA256: String, environmentSHA256: String, stacks: [String: Stack]) {
        self.manifestSHA256 = manifestSHA256
        self.environmentSHA256 = environmentSHA256
        self.stacks = stacks
    }

    public init(_ assembly: CloudAssembly) {
        var stacks: [String: Stack] = [:]
        for entry in assembly.manifest.stacks {
            stacks[entry.name] = Stack(templateSHA256: entry.sha256, entrySHA256: SHA256.hex(JSONRenderer.render(entry.value)))
        }
        self.init(manifestSHA256: assembly.manifestSHA256, environmentSHA256: assembly.manifest.environmentSHA256, stacks: stacks)
    }

    /// What differs between this (planned) assembly and `now`, one phrase each; empty when the
    /// manifests are the same bytes.
    public func differences(from now: PlannedAssembly) -> [String] {
        guard manifestSHA256 != now.manifestSHA256 else { return [] }
        var found: [String] = []
        if environmentSHA256 != now.environmentSHA256 {
            found.append("the environment file (SHA-256 \(environmentSHA256) planned, \(now.environmentSHA256) now)")
        }
        for name in Set(stacks.keys).union(now.stacks.keys).sorted() {
            switch (stacks[name], now.stacks[name]) {
            case (nil, _?):
                found.append("stack \(name) is in the assembly now but was not planned")
            case (_?, nil):
                found.append("stack \(name) was planned but is not in the assembly now")
            case let (planned?, current?):
                if planned.templateSHA256 != current.templateSHA256 {
                    found.append("stack \(name)'s template (SHA-256 \(planned.templateSHA256) planned, \(current.templateSHA256) now)")
                }
                if planned.entrySHA256 != current.entrySHA256 {
                    found.append("stack \(name)'s manifest entry (region, parameters, outputs, dependencies or tags)")
                }
            case (nil, nil):
                break
            }
        }
        if found.isEmpty {
            found.append("manifest.json's other fields (format version, system, account, region or tier)")
        }
        return found
    }
}
