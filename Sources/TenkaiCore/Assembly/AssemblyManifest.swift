/// `manifest.json` of a cloud assembly: what is in the folder and what deploy needs to know
/// about each stack without reading its template.
///
/// It holds no timestamps, so the same input gives the same bytes. Its ``version`` changes
/// whenever a reader written for the previous one could misread it.
public struct AssemblyManifest: Sendable, Hashable {
    /// The assembly format this code writes and reads.
    public static let currentVersion = 3
    public static let fileName = "manifest.json"

    /// One stack, in deploy order.
    public struct Stack: Sendable, Hashable {
        /// The stack's name in the system (`data`).
        public var name: String
        /// The CloudFormation stack name (`fileshare-dev-data`).
        public var stackName: String
        public var region: String
        /// The template's file name in the assembly folder.
        public var template: String
        public var sha256: String
        public var bytes: Int
        public var resources: Int
        public var dependsOn: [String]
        /// Every template parameter; those with a source are filled from another stack's output.
        public var parameters: [(name: String, source: OutputSource?)]
        /// Output names with their export names, if exported.
        public var outputs: [(name: String, export: String?)]
        public var tags: [String: String]

        public init(
            name: String, stackName: String, region: String, template: String, sha256: String, bytes: Int, resources: Int,
            dependsOn: [String], parameters: [(name: String, source: OutputSource?)], outputs: [(name: String, export: String?)],
            tags: [String: String]
        ) {
            self.name = name
            self.stackName = stackName
            self.region = region
            self.template = template
            self.sha256 = sha256
            self.bytes = bytes
            self.resources = resources
            self.dependsOn = dependsOn
            self.parameters = parameters
            self.outputs = outputs
            self.tags = tags
        }

        public var parameterSources: [String: OutputSource] {
            Dictionary(uniqueKeysWithValues: parameters.compactMap { parameter in parameter.source.map { (parameter.name, $0) } })
        }

        public static func == (lhs: Stack, rhs: Stack) -> Bool { lhs.value == rhs.value }
        public func hash(into hasher: inout Hasher) { hasher.combine(value) }
    }

    public var version: Int
    public var system: String
    public var environment: String
    public var tier: EnvironmentConfig.Tier
    public var account: String
    public var region: String
    public var format: String
    /// The environment file the assembly was made from, copied verbatim into the folder.
    public var environmentFile: String
    public var environmentSHA256: String
    /// The component tree's file name.
    public var components: String
    public var stacks: [Stack]
    /// Files deploy uploads before the stacks that use them (function code), by path.
    public var assets: [AssemblyAsset]

    public init(
        system: String, environment: EnvironmentConfig, format: String, environmentSHA256: String, stacks: [Stack],
        assets: [AssemblyAsset] = []
    ) {
        self.version = Self.currentVersion
        self.system = system
        self.environment = environment.name
        self.tier = environment.tier
        self.account = environment.account
        self.region = environment.region
        self.format = format
        self.environmentFile = CloudAssembly.environmentFileName
        self.environmentSHA256 = environmentSHA256
        self.components = ComponentTree.fileName
        self.stacks = stacks
        self.assets = assets
    }

    public func stack(named name: String) -> Stack? { stacks.first { $0.name == name } }
}

// MARK: - Writing and reading

extension AssemblyManifest {
    public var value: Value {
        [
            "manifestVersion": .int(version),
            "system": .string(system),
            "environment": .string(environment),
            "tier": .string(tier.rawValue),
            "account": .string(account),
            "region": .string(region),
            "format": .string(format),
            "environmentFile": ["name": .string(environmentFile), "sha256": .string(environmentSHA256)],
            "components": .string(components),
            "stacks": .list(stacks.map(\.value)),
            "assets": .list(assets.map(\.value)),
        ]
    }

    /// Reads a manifest; an assembly of another version is refused with what to do.
    public init(reading value: Value, file: String) throws(TenkaiError) {
        let reader = ValueReader(value, file: file)
        let version = try reader.int("manifestVersion")
        guard version == Self.currentVersion else {
            throw TenkaiError(
                .invalidInput, "\(file): the assembly has format version \(version); this tenkai reads version \(Self.currentVersion)",
                hint: "synthesize it again with this tenkai (`tenkai synth`)")
        }
        self.version = version
        system = try reader.string("system")
        environment = try reader.string("environment")
        let tierText = try reader.string("tier")
        guard let tier = EnvironmentConfig.Tier(rawValue: tierText) else { throw reader.error("unknown tier '\(tierText)'") }
        self.tier = tier
        account = try reader.string("account")
        region = try reader.string("region")
        format = try reader.string("format")
        let environmentFile = try reader.object("environmentFile")
        self.environmentFile = try environmentFile.string("name")
        environmentSHA256 = try environmentFile.string("sha256")
        components = try reader.string("components")
        stacks = try reader.list("stacks").map { (item) throws(TenkaiError) -> Stack in try Stack(reading: item) }
        assets = try reader.list("assets").map { (item) throws(TenkaiError) -> AssemblyAsset in try AssemblyAsset(reading: item) }
    }
}

extension AssemblyManifest.Stack {
    public var value: Value {
        let parameters: [Value] = parameters.map { parameter in
            var fields: Fields = ["name": .string(parameter.name)]
            if let source = parameter.source {
                fields["fromStack"] = .string(source.stack)
                fields["fromOutput"] = .string(source.output)
            }
            return .map(fields)
        }
        let outputs: [Value] = outputs.map { output in
            var fields: Fields = ["name": .string(output.name)]
            if let export = output.export { fields["export"] = .string(export) }
            return .map(fields)
        }
        return [
            "name": .string(name),
            "stackName": .string(stackName),
            "region": .string(region),
            "template": .string(template),
            "sha256": .string(sha256),
            "bytes": .int(bytes),
            "resources": .int(resources),
            "dependsOn": .list(dependsOn.map(Value.string)),
            "parameters": .list(parameters),
            "outputs": .list(outputs),
            "tags": .map(Fields(tags.keys.sorted().map { ($0, .string(tags[$0]!)) })),
        ]
    }

    init(reading reader: ValueReader) throws(TenkaiError) {
        name = try reader.string("name")
        stackName = try reader.string("stackName")
        region = try reader.string("region")
        template = try reader.string("template")
        guard !template.contains("/"), !template.hasPrefix(".") else {
            throw reader.error("the template file name '\(template)' must name a file in the assembly folder")
        }
        sha256 = try reader.string("sha256")
        bytes = try reader.int("bytes")
        resources = try reader.int("resources")
        dependsOn = try reader.list("dependsOn").map { (item) throws(TenkaiError) -> String in try item.stringValue() }
        parameters = try reader.list("parameters").map { (item) throws(TenkaiError) -> (name: String, source: OutputSource?) in
            let name = try item.string("name")
            guard let stack = item.optionalString("fromStack") else { return (name, nil) }
            return (name, OutputSource(stack: stack, output: try item.string("fromOutput")))
        }
        outputs = try reader.list("outputs").map { (item) throws(TenkaiError) -> (name: String, export: String?) in
            return (try item.string("name"), item.optionalString("export"))
        }
        tags = try reader.stringMap("tags")
    }
}
