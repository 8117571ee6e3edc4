import AWSClient
import FoundationEssentials

/// Pushes images through the OCI distribution API with AWSClient's libcurl transport:
/// `HEAD` each blob (skip what the registry has), `POST` an upload, `PATCH` the bytes
/// (streamed from disk) and `PUT` their digest, then `PUT` the manifest under the tag and check
/// the digest the registry reports is ours.
///
/// ```swift
/// let client = RegistryClient(credentials: .basic(username: "AWS", password: token))
/// let pushed = try await client.push(image, to: ImageReference("….dkr.ecr.eu-west-1.amazonaws.com/fileshare:1.4.0"))
/// print(pushed.pinned)   // ….amazonaws.com/fileshare@sha256:…
/// ```
public struct RegistryClient: Sendable {
    /// How the registry is told who we are: not at all, or HTTP basic (ECR's tokens are basic
    /// credentials for the user `AWS`); either way a Bearer challenge is answered with a token.
    public enum Credentials: Sendable, Equatable {
        case none
        case basic(username: String, password: String)
    }

    /// What a push did.
    public struct Result: Sendable, Equatable {
        public var reference: ImageReference
        public var digest: String
        public var uploaded: [String]
        public var skipped: [String]

        /// `registry/repository@sha256:…`: what a task definition pins.
        public var pinned: String { "\(reference.registry)/\(reference.repository)@\(digest)" }
    }

    public var transport: any HTTPTransport
    public var credentials: Credentials

    public init(transport: any HTTPTransport = CurlTransport.shared, credentials: Credentials = .none) {
        self.transport = transport
        self.credentials = credentials
    }

    /// Basic credentials go with every request; a registry that answers with a Bearer challenge
    /// gets a token from its token service instead (``RegistryTokenAuthorizer``).
    var authorizer: RegistryTokenAuthorizer {
        if case .basic(let username, let password) = credentials {
            return RegistryTokenAuthorizer(transport: transport, username: username, password: password)
        }
        return RegistryTokenAuthorizer(transport: transport)
    }

    public func push(_ image: PushableImage, to reference: ImageReference, progress: @Sendable (String) -> Void = { _ in }) async throws -> Result {
        let authorizer = self.authorizer
        let base = "\(reference.scheme)://\(reference.registry)/v2/\(reference.repository)/"
        var uploaded: [String] = [], skipped: [String] = []
        for blob in image.blobs {
            let exists = try await send("HEAD", base + "blobs/" + blob.digest, expecting: [200, 404], for: reference, via: authorizer)
            if exists.status == 200 {
                skipped.append(blob.digest)
                progress("exists   \(blob.digest) (\(blob.slice.length) bytes)")
                continue
            }
            let started = try await send("POST", base + "blobs/uploads/", expecting: [202], for: reference, via: authorizer)
            guard let location = started.headers["Location"] else {
                throw ImageError("\(reference.registry) started an upload without a Location header; it does not speak the OCI distribution API")
            }
            // The whole blob in one PATCH, then an empty PUT with its digest: what docker and
            // go-containerregistry send, and what ECR handles (it mishandles several PATCHes).
            let origin = "\(reference.scheme)://\(reference.registry)"
            let streamed = try await send(
                "PATCH", Self.resolve(location, against: origin),
                headers: ["Content-Type": "application/octet-stream"], body: .file(blob.slice), expecting: [202], for: reference, via: authorizer)
            let target = Self.resolve(streamed.headers["Location"] ?? location, against: origin)
            let separator = target.contains("?") ? "&" : "?"
            _ = try await send(
                "PUT", target + separator + "digest=" + blob.digest.replacing(":", with: "%3A"),
                expecting: [201], for: reference, via: authorizer)
            uploaded.append(blob.digest)
            progress("uploaded \(blob.digest) (\(blob.slice.length) bytes)")
        }
        let answer = try await send(
            "PUT", base + "manifests/" + reference.tag, headers: ["Content-Type": image.manifestMediaType],
            body: .data(Data(image.manifest)), expecting: [201], for: reference, via: authorizer)
        if let reported = answer.headers["Docker-Content-Digest"], reported != image.manifestDigest {
            throw ImageError("\(reference.registry) stored the manifest as \(reported), not \(image.manifestDigest); it changed the manifest, so the digest cannot be pinned")
        }
        return Result(reference: reference, digest: image.manifestDigest, uploaded: uploaded, skipped: skipped)
    }

    private func send(
        _ method: String, _ url: String, headers: HTTPHeaders = [:], body: HTTPRequestBody = .empty,
        expecting statuses: Set<Int>, for reference: ImageReference, via authorizer: RegistryTokenAuthorizer
    ) async throws -> HTTPResponse {
        guard let parsed = URL(string: url) else { throw ImageError("cannot form a URL from \(url)") }
        let response: HTTPResponse
        do {
            response = try await authorizer.send(HTTPRequest(method: method, url: parsed, headers: headers, body: body, timeout: .seconds(600)))
        } catch let error as RegistryAuthError {
            throw ImageError("cannot push to \(reference.registry): \(error)")
        }
        guard statuses.contains(response.status) else {
            let detail = String(decoding: response.body.prefix(500), as: UTF8.self)
            switch response.status {
            case 401, 403:
                throw ImageError(
                    "\(reference.registry) refused \(method) \(parsed.path) (HTTP \(response.status)): check the credentials"
                    + " (ECR: ecr:GetAuthorizationToken and push rights on \(reference.repository)). \(detail)")
            case 404 where method != "HEAD":
                throw ImageError("\(reference.registry) has no repository \(reference.repository) (HTTP 404 on \(method) \(parsed.path)); create it first (its stack deploys it). \(detail)")
            default:
                throw ImageError("\(reference.registry) answered \(method) \(parsed.path) with HTTP \(response.status). \(detail)")
            }
        }
        return response
    }

    /// A `Location` may be absolute or a path on the registry.
    static func resolve(_ location: String, against origin: String) -> String {
        location.hasPrefix("http://") || location.hasPrefix("https://") ? location : origin + (location.hasPrefix("/") ? "" : "/") + location
    }
}
