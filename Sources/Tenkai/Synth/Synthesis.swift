import Hashing
import TenkaiCore

/// The rendered files of one system in one environment, checked and ready to write.
public struct Synthesis: Sendable {
    /// One rendered template and what the manifest says about it.
    public struct RenderedStack: Sendable {
        public var stack: ResolvedStack
        public var fileName: String
        public var bytes: [UInt8]
        public var sha256: String
        public var resourceCount: Int { stack.template.resources.count }
    }

    public var system: ResolvedSystem
    public var format: TemplateFormat
    public var stacks: [RenderedStack]
    /// `manifest.json` and `components.json`, rendered.
    public var manifest: [UInt8]
    public var components: [UInt8]
    /// Function code packages, one per content hash, written to `assets/<sha256>.zip`.
    public var assets: [CodeAsset]

    /// CloudFormation's limit for a template uploaded through S3.
    public static let maximumTemplateBytes = 1_000_000
    /// Above this, a template cannot be sent inline and deploy uploads it to the artifacts bucket.
    public static let maximumInlineTemplateBytes = 51_200

    /// Renders every stack and the manifest. A template over 1 MB is an error here, before
    /// anything is written.
    public init(_ system: ResolvedSystem, format: TemplateFormat) throws(TenkaiError) {
        self.system = system
        self.format = format
        var stacks: [RenderedStack] = []
        var problems: [Diagnostic] = []
        for stack in system.stacks {
            let bytes = try format.render(stack.template)
            if bytes.count > Self.maximumTemplateBytes {
                problems.append(
                    .error(
                        "the rendered template is \(bytes.count) bytes; CloudFormation accepts at most \(Self.maximumTemplateBytes)",
                        componentPath: "\(system.systemName)/\(stack.name)", hint: "split the stack"))
            }
            stacks.append(
                RenderedStack(
                    stack: stack, fileName: "\(stack.name).template.\(format.fileExtension)", bytes: bytes,
                    sha256: SHA256.hex(bytes)))
        }
        if !problems.isEmpty {
            throw TenkaiError(.limitExceeded, "templates of '\(system.systemName)' exceed CloudFormation's limits", diagnostics: problems)
        }
        self.stacks = stacks
        self.assets = Self.assets(of: system).map(\.asset)
        self.manifest = JSONRenderer.render(Self.manifest(system, format: format, stacks: stacks).value)
        self.components = JSONRenderer.render(system.components.value)
    }

    /// Every file of the cloud assembly folder `cloud.out/<system>/<env>/` (see ``CloudAssembly``).
    public var files: [(path: String, bytes: [UInt8])] {
        stacks.map { ($0.fileName, $0.bytes) } + [
            (AssemblyManifest.fileName, manifest),
            (ComponentTree.fileName, components),
            (CloudAssembly.environmentFileName, system.environment.source),
        ] + assets.map { ($0.key, $0.zip) }
    }

    /// Rules of the rule set switched off by components, with their reasons.
    public var suppressions: [RuleSuppression] { RuleSet.suppressions(in: system) }

    public var totalBytes: Int { stacks.reduce(0) { $0 + $1.bytes.count } }
    public var totalResources: Int { stacks.reduce(0) { $0 + $1.resourceCount } }

    /// What deploy and people need to know about the output, without reading the templates.
    private static func manifest(_ system: ResolvedSystem, format: TemplateFormat, stacks: [RenderedStack]) -> AssemblyManifest {
        let entries = stacks.map { rendered in
            let stack = rendered.stack
            let template = stack.template
            return AssemblyManifest.Stack(
                name: stack.name, stackName: stack.stackName, region: stack.region, template: rendered.fileName,
                sha256: rendered.sha256, bytes: rendered.bytes.count, resources: rendered.resourceCount,
                dependsOn: stack.dependencies,
                parameters: template.parameters.keys.sorted().map { ($0, stack.parameterSources[$0]) },
                outputs: template.outputs.keys.sorted().map { ($0, template.outputs[$0]!.exportName) },
                tags: stack.tags)
        }
        return AssemblyManifest(
            system: system.systemName, environment: system.environment, format: format.rawValue,
            environmentSHA256: SHA256.hex(system.environment.source), stacks: entries,
            assets: assets(of: system).map { AssemblyAsset($0.asset, stacks: $0.stacks) })
    }

    /// Every package of the system, by key, with the stacks (in deploy order) that use it.
    private static func assets(of system: ResolvedSystem) -> [(asset: CodeAsset, stacks: [String])] {
        var byKey: [String: (asset: CodeAsset, stacks: [String])] = [:]
        for stack in system.stacks {
            for asset in stack.assets {
                byKey[asset.key, default: (asset, [])].stacks.append(stack.name)
            }
        }
        return byKey.keys.sorted().map { byKey[$0]! }
    }
}
