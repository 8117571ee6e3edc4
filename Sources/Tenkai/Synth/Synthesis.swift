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
    public var manifest: [UInt8]

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
                    sha256: SHA256Digest.hex(bytes)))
        }
        if !problems.isEmpty {
            throw TenkaiError(.limitExceeded, "templates of '\(system.systemName)' exceed CloudFormation's limits", diagnostics: problems)
        }
        self.stacks = stacks
        self.manifest = JSONRenderer.render(Self.manifest(system, format: format, stacks: stacks))
    }

    /// Every file of the output folder `cloud.out/<system>/<env>/`.
    public var files: [(path: String, bytes: [UInt8])] {
        stacks.map { ($0.fileName, $0.bytes) } + [("manifest.json", manifest)]
    }

    /// Rules of the rule set switched off by components, with their reasons.
    public var suppressions: [RuleSuppression] { RuleSet.suppressions(in: system) }

    public var totalBytes: Int { stacks.reduce(0) { $0 + $1.bytes.count } }
    public var totalResources: Int { stacks.reduce(0) { $0 + $1.resourceCount } }

    /// What deploy and people need to know about the output, without reading the templates.
    /// It holds no timestamps, so the same input gives the same bytes.
    private static func manifest(_ system: ResolvedSystem, format: TemplateFormat, stacks: [RenderedStack]) -> Value {
        let environment = system.environment
        let entries: [Value] = stacks.map { rendered in
            let stack = rendered.stack
            let template = stack.template
            let outputs: [Value] = template.outputs.keys.sorted().map { key in
                var fields: Fields = ["name": .string(key)]
                if let export = template.outputs[key]!.exportName { fields["export"] = .string(export) }
                return .map(fields)
            }
            let parameters: [Value] = template.parameters.keys.sorted().map { key in
                var fields: Fields = ["name": .string(key)]
                if let source = stack.parameterSources[key] {
                    fields["fromStack"] = .string(source.stack)
                    fields["fromOutput"] = .string(source.output)
                }
                return .map(fields)
            }
            return [
                "name": .string(stack.name),
                "stackName": .string(stack.stackName),
                "region": .string(stack.region),
                "template": .string(rendered.fileName),
                "sha256": .string(rendered.sha256),
                "bytes": .int(rendered.bytes.count),
                "resources": .int(rendered.resourceCount),
                "dependsOn": .list(stack.dependencies.map(Value.string)),
                "parameters": .list(parameters),
                "outputs": .list(outputs),
                "tags": .map(Fields(stack.tags.keys.sorted().map { ($0, .string(stack.tags[$0]!)) })),
            ]
        }
        return [
            "manifestVersion": 1,
            "system": .string(system.systemName),
            "environment": .string(environment.name),
            "tier": .string(environment.tier.rawValue),
            "account": .string(environment.account),
            "region": .string(environment.region),
            "format": .string(format.rawValue),
            "stacks": .list(entries),
        ]
    }
}
