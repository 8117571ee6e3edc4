import AWSClient
import FoundationEssentials

/// Preflight: the image exists where the task definition will pull it from. ECR images are
/// looked up with `DescribeImages`; other registries answer `HEAD /v2/<repository>/manifests/<ref>`.
struct ImageCheck: Sendable {
    let session: AWSSession
    /// Basic credentials for a registry other than ECR (also sent to its token service).
    var registryLogin: ReleaseOptions.RegistryLogin? = nil

    func verify(_ image: ImageReference) async throws {
        let found: Bool
        if image.isECR {
            found = try await ECR(session).imageExists(repository: image.repository, digest: image.digest, tag: image.digest == nil ? image.tag : nil)
        } else {
            found = try await registryHas(image)
        }
        guard found else {
            throw ReleaseError(.preflight, "image \(image) does not exist in its registry", hint: "push it first (tenkai image push)")
        }
    }

    private func registryHas(_ image: ImageReference) async throws -> Bool {
        let loopback = image.host.hasPrefix("127.0.0.1") || image.host.hasPrefix("localhost")
        let reference = image.digest ?? image.tag ?? ""
        guard let url = URL(string: "\(loopback ? "http" : "https")://\(image.host)/v2/\(image.repository)/manifests/\(reference)") else {
            throw ReleaseError(.preflight, "image \(image) does not make a registry URL")
        }
        var headers = HTTPHeaders()
        headers["Accept"] = [
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json",
        ].joined(separator: ", ")
        let authorizer = RegistryTokenAuthorizer(transport: session.transport, username: registryLogin?.username, password: registryLogin?.password)
        let response: HTTPResponse
        do {
            response = try await authorizer.send(HTTPRequest(method: "HEAD", url: url, headers: headers, timeout: .seconds(30)))
        } catch let error as RegistryAuthError {
            throw ReleaseError(.preflight, "cannot check image \(image): \(error)")
        }
        switch response.status {
        case 200: return true
        case 404: return false
        default:
            throw ReleaseError(
                .preflight, "registry \(image.host) answered HTTP \(response.status) for \(image)",
                hint: response.status == 401 ? "the registry wants credentials: set TENKAI_REGISTRY_USERNAME and TENKAI_REGISTRY_PASSWORD, or release images from ECR" : nil)
        }
    }
}
