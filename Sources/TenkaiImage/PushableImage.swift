import AWSClient
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// An image ready to push: its manifest's bytes and where each blob's bytes are on disk.
///
/// Reads an OCI image layout folder (what `tenkai image build` writes), or a tarball: a
/// `docker save` archive (the OCI layout docker 25 and later put inside, or the older
/// `manifest.json` form, turned into a Docker v2 manifest) or a tarred OCI layout. Blobs are
/// never loaded: a layer inside a tarball is uploaded from its place in the file.
public struct PushableImage: Sendable {
    public struct Blob: Sendable, Equatable {
        public var digest: String
        public var slice: FileSlice
    }

    public var manifest: [UInt8]
    public var manifestMediaType: String
    public var manifestDigest: String
    /// The config first, then the layers.
    public var blobs: [Blob]

    /// Reads a layout folder or a tarball at `path`.
    public static func load(_ path: String) throws(ImageError) -> PushableImage {
        var status = stat()
        guard stat(path, &status) == 0 else { throw ImageError("\(path) does not exist; pass an OCI layout folder or a docker save tarball") }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            return try fromLayout(FolderBlobs(root: path), named: path)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ImageError("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let members = try TarReader(descriptor: descriptor, path: path).members()
        let tar = TarBlobs(path: path, descriptor: descriptor, members: Dictionary(members.map { ($0.path, $0) }, uniquingKeysWith: { $1 }))
        if tar.members["index.json"] != nil, tar.members["blobs"] != nil || members.contains(where: { $0.path.hasPrefix("blobs/sha256/") }) {
            return try fromLayout(tar, named: path)
        }
        if tar.members["manifest.json"] != nil { return try fromDockerArchive(tar, named: path) }
        throw ImageError("\(path) is a tar archive with neither index.json (OCI layout) nor manifest.json (docker save); it is not an image")
    }

    // MARK: - OCI layout

    private static func fromLayout(_ source: some BlobSource, named path: String) throws(ImageError) -> PushableImage {
        let index = try CanonicalJSON.decode(OCIIndex.self, from: try source.read("index.json"), what: "\(path)/index.json")
        var descriptor = try chooseManifest(index.manifests, in: "\(path)/index.json")
        var bytes = try source.read(blob: descriptor.digest, in: path)
        // docker save (25+) points index.json at a nested index; follow it once.
        if descriptor.mediaType == OCIMediaType.imageIndex || descriptor.mediaType == OCIMediaType.dockerManifestList {
            let nested = try CanonicalJSON.decode(OCIIndex.self, from: bytes, what: "the index \(descriptor.digest) in \(path)")
            descriptor = try chooseManifest(nested.manifests, in: "the index \(descriptor.digest) in \(path)")
            bytes = try source.read(blob: descriptor.digest, in: path)
        }
        guard OCIDigest.of(bytes) == descriptor.digest else {
            throw ImageError("the manifest blob \(descriptor.digest) in \(path) does not match its digest (damaged layout)")
        }
        let manifest = try CanonicalJSON.decode(OCIManifest.self, from: bytes, what: "the manifest \(descriptor.digest) in \(path)")
        var blobs: [Blob] = []
        for blob in [manifest.config] + manifest.layers {
            let slice = try source.slice(blob: blob.digest, in: path)
            guard slice.length == UInt64(blob.size) else {
                throw ImageError("blob \(blob.digest) in \(path) is \(slice.length) bytes but the manifest says \(blob.size) (damaged layout)")
            }
            blobs.append(Blob(digest: blob.digest, slice: slice))
        }
        return PushableImage(manifest: bytes, manifestMediaType: manifest.mediaType ?? descriptor.mediaType, manifestDigest: descriptor.digest, blobs: blobs)
    }

    private static func chooseManifest(_ manifests: [OCIDescriptor], in what: String) throws(ImageError) -> OCIDescriptor {
        if manifests.count == 1 { return manifests[0] }
        let linux = manifests.filter { $0.platform?.os == "linux" && $0.platform?.architecture == "amd64" }
        guard linux.count == 1 else {
            throw ImageError("\(what) lists \(manifests.count) manifests and not exactly one for linux/amd64; push one image at a time")
        }
        return linux[0]
    }

    // MARK: - docker save (manifest.json)

    private struct DockerArchiveEntry: Decodable {
        var Config: String
        var Layers: [String]
    }

    private static func fromDockerArchive(_ tar: TarBlobs, named path: String) throws(ImageError) -> PushableImage {
        let entries = try CanonicalJSON.decode([DockerArchiveEntry].self, from: try tar.read("manifest.json"), what: "\(path)'s manifest.json")
        guard entries.count == 1, let entry = entries.first else {
            throw ImageError("\(path) holds \(entries.count) images; save one image per tarball (docker save IMAGE:TAG)")
        }
        func blob(_ member: String) throws(ImageError) -> (Blob, Bool) {
            let slice = try tar.slice(member: member, in: path)
            let digest = try OCIDigest.of(file: path, offset: slice.offset, length: slice.length)
            let start = try tar.bytes(slice, count: 2)
            return (Blob(digest: digest, slice: slice), start == [0x1F, 0x8B])
        }
        let (config, _) = try blob(entry.Config)
        var layers: [OCIDescriptor] = []
        var blobs = [config]
        for member in entry.Layers {
            let (layer, gzipped) = try blob(member)
            blobs.append(layer)
            layers.append(OCIDescriptor(
                mediaType: gzipped ? OCIMediaType.dockerGzipLayer : OCIMediaType.dockerTarLayer,
                digest: layer.digest, size: Int(layer.slice.length)))
        }
        let manifest = OCIManifest(
            mediaType: OCIMediaType.dockerManifest,
            config: OCIDescriptor(mediaType: OCIMediaType.dockerConfig, digest: config.digest, size: Int(config.slice.length)),
            layers: layers)
        let bytes = try CanonicalJSON.encode(manifest)
        return PushableImage(manifest: bytes, manifestMediaType: OCIMediaType.dockerManifest, manifestDigest: OCIDigest.of(bytes), blobs: blobs)
    }
}

// MARK: - Where blobs are

private protocol BlobSource {
    func read(_ name: String) throws(ImageError) -> [UInt8]
    func slice(_ name: String) throws(ImageError) -> FileSlice
}

extension BlobSource {
    func read(blob digest: String, in path: String) throws(ImageError) -> [UInt8] {
        try read("blobs/sha256/" + OCILayout.hex(OCILayout.validated(digest, in: path)))
    }

    func slice(blob digest: String, in path: String) throws(ImageError) -> FileSlice {
        try slice("blobs/sha256/" + OCILayout.hex(OCILayout.validated(digest, in: path)))
    }
}

private struct FolderBlobs: BlobSource {
    var root: String

    func read(_ name: String) throws(ImageError) -> [UInt8] { try HostFiles.read(root + "/" + name) }

    func slice(_ name: String) throws(ImageError) -> FileSlice {
        let path = root + "/" + name
        guard HostFiles.isRegularFile(path) else { throw ImageError("\(root) lacks \(name): an incomplete image layout") }
        do {
            return try HTTPRequestBody.file(at: URL(fileURLWithPath: path)).fileSlice!
        } catch {
            throw ImageError("cannot read \(path): \(error)")
        }
    }
}

private struct TarBlobs: BlobSource {
    var path: String
    var descriptor: Int32
    var members: [String: TarReader.Member]

    func read(_ name: String) throws(ImageError) -> [UInt8] {
        let slice = try slice(member: name, in: path)
        return try bytes(slice, count: Int(slice.length))
    }

    func slice(_ name: String) throws(ImageError) -> FileSlice { try slice(member: name, in: path) }

    func slice(member name: String, in path: String) throws(ImageError) -> FileSlice {
        guard let member = members[name], member.isFile else { throw ImageError("\(path) has no file \(name): an incomplete image archive") }
        return FileSlice(url: URL(fileURLWithPath: path), offset: member.offset, length: member.size)
    }

    func bytes(_ slice: FileSlice, count: Int) throws(ImageError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: min(count, Int(slice.length)))
        let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(slice.offset)) }
        guard got == buffer.count else { throw ImageError("cannot read \(buffer.count) bytes at \(slice.offset) of \(path)") }
        return buffer
    }
}

private extension HTTPRequestBody {
    var fileSlice: FileSlice? {
        if case .file(let slice) = self { return slice }
        return nil
    }
}
