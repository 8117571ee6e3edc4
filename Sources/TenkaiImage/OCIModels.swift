import FoundationEssentials

/// A pointer to a blob: its media type, digest and size (OCI image spec, "descriptor").
public struct OCIDescriptor: Codable, Sendable, Equatable {
    public var mediaType: String
    public var digest: String
    public var size: Int
    public var annotations: [String: String]?
    public var platform: OCIPlatform?

    public init(mediaType: String, digest: String, size: Int, annotations: [String: String]? = nil, platform: OCIPlatform? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.platform = platform
    }
}

public struct OCIPlatform: Codable, Sendable, Equatable {
    public var architecture: String
    public var os: String
}

/// An image manifest: the config blob and the layers, bottom first.
public struct OCIManifest: Codable, Sendable, Equatable {
    public var schemaVersion = 2
    /// Optional in the OCI spec (the index's descriptor then says it); always written here.
    public var mediaType: String?
    public var config: OCIDescriptor
    public var layers: [OCIDescriptor]

    public init(mediaType: String = OCIMediaType.imageManifest, config: OCIDescriptor, layers: [OCIDescriptor]) {
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
    }
}

/// `index.json` of an image layout: the manifests it holds.
public struct OCIIndex: Codable, Sendable, Equatable {
    public var schemaVersion = 2
    public var mediaType: String? = OCIMediaType.imageIndex
    public var manifests: [OCIDescriptor]

    public init(manifests: [OCIDescriptor]) {
        self.manifests = manifests
    }
}

/// The image configuration: how the container starts, and the uncompressed layers' digests.
public struct OCIImageConfig: Codable, Sendable, Equatable {
    public struct Execution: Codable, Sendable, Equatable {
        public var User: String?
        public var Entrypoint: [String]?
        public var Cmd: [String]?
        public var Env: [String]?
        public var WorkingDir: String?
        public var ExposedPorts: [String: [String: String]]?
    }

    public struct RootFS: Codable, Sendable, Equatable {
        public var type = "layers"
        public var diff_ids: [String]
    }

    public struct History: Codable, Sendable, Equatable {
        public var created: String
        public var created_by: String
    }

    public var created: String?
    public var architecture: String
    public var os: String
    public var config: Execution
    public var rootfs: RootFS
    public var history: [History]?
}

/// JSON the way image blobs are written here: keys sorted, slashes as they are, so the same
/// values always give the same bytes (and digest).
enum CanonicalJSON {
    static func encode(_ value: some Encodable) throws(ImageError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return [UInt8](try encoder.encode(value))
        } catch {
            throw ImageError("could not encode image JSON: \(error)")
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8], what: String) throws(ImageError) -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(bytes))
        } catch {
            throw ImageError("\(what) is not valid JSON of the expected shape: \(error)")
        }
    }
}
