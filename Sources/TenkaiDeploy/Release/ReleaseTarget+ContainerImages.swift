extension ReleaseTarget {
    /// The images a release sets for the service's other containers (`--image gateway=REF`),
    /// checked against the containers the service publishes (``containerImageParameters``), each
    /// image read as a reference; keyed by container name.
    ///
    /// ```swift
    /// let images = try target.checkedContainerImages(["gateway": "…/crm-gateway@sha256:…"])
    /// images["gateway"]?.digest  // "sha256:…"
    /// ```
    public func checkedContainerImages(_ images: [String: String]) throws(ReleaseError) -> [String: ImageReference] {
        guard !images.isEmpty else { return [:] }
        let scope = "service \(service) of \(system)/\(environment)"
        guard !isAppServers else {
            throw ReleaseError(
                .preflight, "\(scope) runs on app servers, which release one image; --image CONTAINER=REF names a container of an ECS service",
                hint: "pass only --image REF")
        }
        let known = containerImageParameters ?? [:]
        var checked: [String: ImageReference] = [:]
        for (container, text) in images.sorted(by: { $0.key < $1.key }) {
            guard container != containerName else {
                throw ReleaseError(
                    .preflight, "container \(container) is the released container of \(scope)",
                    hint: "pass its image without a name: --image \(text)")
            }
            guard known[container] != nil else {
                let others = known.keys.sorted()
                throw ReleaseError(
                    .preflight, "\(scope) has no container '\(container)' whose image a release sets beside \(containerName)'s",
                    hint: others.isEmpty
                        ? "it has no other containers built from a repository with an image of their own "
                            + "(a stack deployed before tenkai published them is deployed again first)"
                        : "name one of: \(others.joined(separator: ", ")) (a container of the released container's image takes it with --image REF)")
            }
            do {
                checked[container] = try ImageReference(parsing: text)
            } catch {
                throw ReleaseError(.preflight, "--image \(container)=\(text): \(error.message)", hint: error.hint)
            }
        }
        return checked
    }

    /// Stack parameter → image for the released image and `containerImages` (already checked):
    /// what the hand-back's one `UpdateStack` sets so deploys keep every image.
    func imageParameterValues(image: String, containerImages: [String: String]) -> [String: String] {
        var values: [String: String] = [:]
        for (container, other) in containerImages {
            if let parameter = containerImageParameters?[container] { values[parameter] = other }
        }
        if let imageParameter { values[imageParameter] = image }
        return values
    }
}
