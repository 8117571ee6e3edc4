import FoundationEssentials
import Hashing

/// A synthesized system for one environment, read back from its folder: the contract between
/// `tenkai synth` and everything after it (deploy, diff, plan, release, cost).
///
/// ```
/// cloud.out/<system>/<env>/
///   manifest.json            stacks in deploy order, dependencies, parameters, outputs, digests
///   components.json          the component tree
///   environment.yaml         the environment file it was made from, verbatim
///   <stack>.template.json    one CloudFormation template per stack
///   assets/<sha256>.zip      function code packages, uploaded by deploy before the stacks using them
/// ```
///
/// Reading needs no Swift sources: CI synthesizes once and deploys the same bytes everywhere.
/// Every file is checked against the digests the manifest records, so an assembly changed after
/// synth is refused rather than deployed.
public struct CloudAssembly: Sendable {
    public static let environmentFileName = "environment.yaml"
    /// What deploy writes into the folder (not part of the assembly; a new synth keeps it).
    public static let outputsFileName = "outputs.json"

    /// One stack: its manifest entry, its template as data, and the exact bytes deploy sends.
    public struct Stack: Sendable {
        public var entry: AssemblyManifest.Stack
        public var template: Template
        public var body: [UInt8]
        /// The assets its template uses, checked against the manifest, to upload before it deploys.
        public var assets: [StagedAsset] = []
    }

    public var folder: URL
    public var manifest: AssemblyManifest
    /// SHA-256 of manifest.json's bytes: since the manifest records every template's and the
    /// environment file's SHA-256, this one digest names the whole assembly (what a plan binds).
    public var manifestSHA256: String
    public var environment: EnvironmentConfig
    public var components: ComponentTree
    /// In deploy order.
    public var stacks: [Stack]

    public var system: String { manifest.system }

    /// `<root>/<system>/<environment>`.
    public static func folder(root: URL, system: String, environment: String) -> URL {
        root.appendingPathComponent(system).appendingPathComponent(environment)
    }

    /// Reads and checks one assembly folder.
    public static func read(_ folder: URL) throws(TenkaiError) -> CloudAssembly {
        try CloudAssembly(folder: folder) { (name) throws(TenkaiError) -> [UInt8] in
            let file = folder.appendingPathComponent(name)
            do {
                return Array(try Data(contentsOf: file))
            } catch {
                throw TenkaiError(
                    .io, "cannot read \(file.relativePath)",
                    hint: "pass the folder `tenkai synth` wrote (it holds <system>/<env>/\(AssemblyManifest.fileName))")
            }
        }
    }

    /// Reads and checks an assembly whose files are already in memory (a synthesis that was not
    /// written): the same checks as reading it from `folder`.
    public init(folder: URL, files: [(path: String, bytes: [UInt8])]) throws(TenkaiError) {
        try self.init(folder: folder) { (name) throws(TenkaiError) -> [UInt8] in
            guard let file = files.first(where: { $0.path == name }) else {
                throw TenkaiError(.notFound, "the assembly has no file \(name)")
            }
            return file.bytes
        }
    }

    private init(folder: URL, readFile: (String) throws(TenkaiError) -> [UInt8]) throws(TenkaiError) {
        func display(_ name: String) -> String { folder.appendingPathComponent(name).relativePath }
        func read(_ name: String, sha256: String? = nil) throws(TenkaiError) -> [UInt8] {
            let bytes = try readFile(name)
            if let sha256, SHA256.hex(bytes) != sha256 {
                throw TenkaiError(
                    .invalidInput, "\(display(name)) was changed after synth: its SHA-256 is not the one manifest.json records",
                    hint: "synthesize the assembly again; never edit an assembly by hand")
            }
            return bytes
        }

        let manifestPath = display(AssemblyManifest.fileName)
        let manifestBytes = try read(AssemblyManifest.fileName)
        let manifest = try AssemblyManifest(reading: try JSONReader.read(manifestBytes, file: manifestPath), file: manifestPath)
        guard manifest.format == TemplateFormat.json.rawValue else {
            throw TenkaiError(
                .invalidInput, "\(manifestPath): the assembly holds \(manifest.format) templates; deploy reads JSON ones",
                hint: "synthesize it with `tenkai synth --format json`")
        }

        let environment = try EnvironmentLoader.parse(
            try read(manifest.environmentFile, sha256: manifest.environmentSHA256), file: display(manifest.environmentFile),
            expectedName: manifest.environment)
        guard environment.account == manifest.account, environment.region == manifest.region, environment.tier == manifest.tier else {
            throw TenkaiError(
                .invalidInput, "\(manifestPath): the manifest and \(manifest.environmentFile) disagree on account, region or tier",
                hint: "synthesize the assembly again")
        }

        let treePath = display(manifest.components)
        let components = try ComponentTree(reading: try JSONReader.read(try read(manifest.components), file: treePath), file: treePath)

        var staged: [String: StagedAsset] = [:]
        for asset in manifest.assets {
            let contents = try read(asset.path, sha256: asset.sha256)
            guard contents.count == asset.bytes else {
                throw TenkaiError(
                    .invalidInput, "\(display(asset.path)) has \(contents.count) bytes; manifest.json records \(asset.bytes)",
                    hint: "synthesize the assembly again; never edit an assembly by hand")
            }
            for stack in asset.stacks where manifest.stack(named: stack) == nil {
                throw TenkaiError(.invalidInput, "\(manifestPath): the asset \(asset.path) names stack '\(stack)', which the assembly does not have")
            }
            staged[asset.path] = StagedAsset(bucketKey: asset.bucketKey, sha256: asset.sha256, contents: contents)
        }

        var stacks: [Stack] = []
        for entry in manifest.stacks {
            let body = try read(entry.template, sha256: entry.sha256)
            let path = display(entry.template)
            let assets = manifest.assets.filter { $0.stacks.contains(entry.name) }.compactMap { staged[$0.path] }
            stacks.append(
                Stack(entry: entry, template: try Template(reading: try JSONReader.read(body, file: path), file: path), body: body, assets: assets))
        }
        self.init(
            folder: folder, manifest: manifest, manifestSHA256: SHA256.hex(manifestBytes), environment: environment,
            components: components, stacks: stacks)
    }

    private init(
        folder: URL, manifest: AssemblyManifest, manifestSHA256: String, environment: EnvironmentConfig, components: ComponentTree, stacks: [Stack]
    ) {
        self.folder = folder
        self.manifest = manifest
        self.manifestSHA256 = manifestSHA256
        self.environment = environment
        self.components = components
        self.stacks = stacks
    }

    /// The assemblies of one environment under `root`, for the given systems (every system that
    /// has one when `systems` is empty).
    public static func readAll(root: URL, environment: String, systems: [String]) throws(TenkaiError) -> [CloudAssembly] {
        var names = systems
        if names.isEmpty {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            names = entries.sorted().filter {
                FileManager.default.fileExists(atPath: folder(root: root, system: $0, environment: environment)
                    .appendingPathComponent(AssemblyManifest.fileName).path)
            }
        }
        guard !names.isEmpty else {
            throw TenkaiError(
                .notFound, "no assembly for environment '\(environment)' under \(root.path)",
                hint: "run `tenkai synth --env \(environment)` and pass its output folder with --assembly")
        }
        return try names.map { (name) throws(TenkaiError) -> CloudAssembly in
            let folder = folder(root: root, system: name, environment: environment)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(AssemblyManifest.fileName).path) else {
                throw TenkaiError(
                    .usage, "the assembly under \(root.path) has no system '\(name)' for environment '\(environment)'",
                    hint: "synthesize it with `tenkai synth --system \(name) --env \(environment) --out \(root.path)`")
            }
            return try read(folder)
        }
    }
}
