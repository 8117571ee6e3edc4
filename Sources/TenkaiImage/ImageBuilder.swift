import FoundationEssentials

/// Builds an OCI image layout from a Linux binary and exactly what it needs to start, with no
/// docker daemon (as `ko` does for Go): the ELF loader, every shared library the binary and its
/// `dlopen`ed libraries need, the CA bundle, `/etc/passwd` and `/etc/group` with a non-root
/// user, and the writable directories.
///
/// Two layers: the system layer (loader, libraries, certificates, users, directories), which
/// stays the same from one release to the next and is pushed once, and the binary on top.
/// Both are reproducible (``TarWriter``, ``Gzip``), so the same recipe and host files give the
/// same manifest digest.
///
/// ```swift
/// let image = try ImageBuilder().build(recipe, into: "cloud.out/images/fileshare")
/// print(image.manifest.digest)   // sha256:…
/// ```
public struct ImageBuilder: Sendable {
    /// What a build wrote.
    public struct BuiltImage: Sendable, Equatable {
        public var layout: String
        public var manifest: OCIDescriptor
        public var config: OCIImageConfig
        /// The system layer's files first, then the binary's.
        public var files: [String]
    }

    public var resolver: SharedLibraryResolver

    public init(resolver: SharedLibraryResolver = SharedLibraryResolver()) {
        self.resolver = resolver
    }

    public func build(_ recipe: ImageRecipe, into layout: String) throws(ImageError) -> BuiltImage {
        guard recipe.user.uid != 0, recipe.user.gid != 0 else {
            throw ImageError("the image user \(recipe.user.configUser) is root; images run as a non-root user (the DSL's default is 1000:1000)")
        }
        let binaryBytes = try HostFiles.read(recipe.binary)
        let elf = try ELFFile(bytes: binaryBytes, path: recipe.binary)
        guard let interpreter = elf.interpreter else {
            throw ImageError("\(recipe.binary) has no program interpreter (a static or a library file); build the product as an executable")
        }
        guard HostFiles.isExecutable(recipe.binary) else {
            throw ImageError("\(recipe.binary) is not executable (chmod +x it, or point --binary at the built product)")
        }

        var system: [TarEntry] = []
        guard let loader = HostFiles.realPath(interpreter) else {
            throw ImageError("the loader \(interpreter) that \(recipe.binary) names is not on this machine; build on the platform you ship")
        }
        system.append(TarEntry(path: interpreter, kind: .file(try HostFiles.read(loader)), mode: 0o755))
        for library in try resolver.libraries(of: elf, at: recipe.binary, extra: recipe.extraLibraries) {
            system.append(TarEntry(path: library.imagePath, kind: .file(try HostFiles.read(library.hostPath)), mode: 0o644))
        }
        system.append(.file(recipe.certificates, try HostFiles.read(recipe.certificates)))
        for extra in recipe.extraFiles {
            system.append(.file(extra.imagePath, try HostFiles.read(extra.hostPath)))
        }
        system += Self.userFiles(recipe.user)
        system.append(.directory("tmp", mode: 0o1777))
        // Mount points the runtime fills; present, so nothing has to create them in a read-only
        // root (and the Swift runtime reads its arguments from /proc/self/cmdline).
        for mountPoint in ["dev", "proc", "sys"] { system.append(.directory(mountPoint)) }
        for path in recipe.writablePaths {
            guard path.hasPrefix("/"), path != "/" else {
                throw ImageError("writable path '\(path)' is not an absolute directory below / (like /tmp or /var/cache/app)")
            }
            let mode: UInt32 = path == "/tmp" ? 0o1777 : 0o755
            system.removeAll { $0.path == path || $0.path == String(path.dropFirst()) }
            system.append(.directory(path, mode: mode, uid: recipe.user.uid, gid: recipe.user.gid))
        }
        let app = [TarEntry(path: recipe.binaryImagePath, kind: .file(binaryBytes), mode: 0o755)]

        var blobs: [(digest: String, bytes: [UInt8])] = []
        var layers: [OCIDescriptor] = []
        var diffIDs: [String] = []
        var files: [String] = []
        for entries in [system, app] {
            let tar = try TarWriter.archive(entries, modificationTime: recipe.epoch)
            diffIDs.append(OCIDigest.of(tar))
            files += try TarReader(bytes: tar).members().filter(\.isFile).map { "/" + $0.path }
            let compressed = try Gzip.compress(tar)
            let digest = OCIDigest.of(compressed)
            blobs.append((digest, compressed))
            layers.append(OCIDescriptor(mediaType: OCIMediaType.gzipLayer, digest: digest, size: compressed.count))
        }

        let created = Date(timeIntervalSince1970: Double(recipe.epoch)).formatted(Date.ISO8601FormatStyle())
        let config = OCIImageConfig(
            created: created, architecture: elf.machine.ociArchitecture, os: "linux",
            config: .init(
                User: recipe.user.configUser,
                Entrypoint: [recipe.binaryImagePath],
                Cmd: recipe.arguments.isEmpty ? nil : recipe.arguments,
                Env: ["PATH=/usr/local/bin:/usr/bin:/bin", "SSL_CERT_FILE=\(recipe.certificates)"] + recipe.environment.map { "\($0.0)=\($0.1)" },
                WorkingDir: recipe.workingDirectory,
                ExposedPorts: recipe.exposedPorts.isEmpty ? nil : Dictionary(uniqueKeysWithValues: recipe.exposedPorts.map { ("\($0)/tcp", [:]) })),
            rootfs: .init(diff_ids: diffIDs),
            history: [
                .init(created: created, created_by: "tenkai image build: loader, shared libraries, certificates, users"),
                .init(created: created, created_by: "tenkai image build: \(recipe.binaryImagePath)"),
            ])
        let configBytes = try CanonicalJSON.encode(config)
        let configDigest = OCIDigest.of(configBytes)
        blobs.append((configDigest, configBytes))
        let manifest = OCIManifest(
            config: OCIDescriptor(mediaType: OCIMediaType.imageConfig, digest: configDigest, size: configBytes.count),
            layers: layers)
        let manifestBytes = try CanonicalJSON.encode(manifest)
        let manifestDigest = OCIDigest.of(manifestBytes)
        blobs.append((manifestDigest, manifestBytes))

        let descriptor = OCIDescriptor(
            mediaType: OCIMediaType.imageManifest, digest: manifestDigest, size: manifestBytes.count,
            annotations: ["org.opencontainers.image.ref.name": "latest"],
            platform: OCIPlatform(architecture: elf.machine.ociArchitecture, os: "linux"))
        try OCILayout.write(blobs: blobs, index: OCIIndex(manifests: [descriptor]), to: layout)
        return BuiltImage(layout: layout, manifest: descriptor, config: config, files: files)
    }

    /// `/etc/passwd`, `/etc/group` and a small `nsswitch.conf` (users and hosts from files, then DNS).
    static func userFiles(_ user: ImageUser) -> [TarEntry] {
        let passwd = "root:x:0:0:root:/root:/usr/sbin/nologin\n\(user.name):x:\(user.uid):\(user.gid):\(user.name):/nonexistent:/usr/sbin/nologin\n"
        let group = "root:x:0:\n\(user.name):x:\(user.gid):\n"
        let nsswitch = "passwd: files\ngroup: files\nhosts: files dns\n"
        return [
            .file("etc/passwd", Array(passwd.utf8)),
            .file("etc/group", Array(group.utf8)),
            .file("etc/nsswitch.conf", Array(nsswitch.utf8)),
        ]
    }
}
