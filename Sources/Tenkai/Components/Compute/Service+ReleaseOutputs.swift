import TenkaiCore

extension Service {
    /// The outputs `tenkai release` reads from the deployed stack: where the service runs and
    /// which container's image it replaces (`WebServiceReleaseCluster`, `…ReleaseService`,
    /// `…ReleaseContainer`, `…ReleaseImageParameter`).
    func addReleaseOutputs(in stack: inout StackContext) {
        let id = logicalID
        stack.output(ReleaseOutputs.cluster(of: id), cluster.value, description: "Cluster of service \(name), for tenkai release")
        stack.output(ReleaseOutputs.service(of: id), .getAtt(id, "Name"), description: "Service \(name), for tenkai release")
        guard let released = releasedContainer else { return }
        stack.output(ReleaseOutputs.container(of: id), .string(released.name), description: "Container whose image tenkai release replaces")
        stack.output(
            ReleaseOutputs.imageParameter(of: id), .string(imageParameter(released)), description: "Template parameter holding the released image")
        let others = containerImageParameters
        if !others.isEmpty {
            stack.output(
                ReleaseOutputs.imageParameters(of: id), .string(Self.jsonObject(others)),
                description: "Other containers (JSON: container to parameter) whose images tenkai release --image CONTAINER=REF sets")
        }
        if let migrationCommand {
            stack.output(
                ReleaseOutputs.migration(of: id), .string(Self.jsonList(migrationCommand)),
                description: "Command (a JSON list) a release runs once with the new task definition before green starts")
        }
        if migrationCommand != nil, let migrationContainer {
            stack.output(ReleaseOutputs.migrationContainer(of: id), .string(migrationContainer), description: "Container the migration task runs the command in")
        }
    }

    /// Runs `command` once as a one-off task of the new task definition before each release's
    /// green tasks start; the release stops unless it exits 0 (database migrations).
    ///
    /// The command overrides the released container's, or `container`'s: a migration container
    /// in the task, whose start-up command either does nothing (tasks never migrate when they
    /// start) or migrates too, idempotently (FileShare's: a new environment's first tasks find
    /// their schema and the app's role). A container of the released container's image gets the
    /// new image with it. Locally (compose), where nothing releases, that container runs `command`.
    ///
    /// ```swift
    /// Service("api", in: net) {
    ///     Container("migrate", image: .repository(images.migrate)).essential(false).command(["sh", "-c", "exit 0"])
    ///     Container("api", image: .repository(images.api)) { StartAfter("migrate", .success) }
    /// }
    /// .migrations(["migrate", "up"], container: "migrate")
    /// ```
    public func migrations(_ command: [String], container: String? = nil) -> Service {
        with {
            $0.migrationCommand = command
            $0.migrationContainer = container
        }
    }

    /// The container a release changes: the first essential one built from a repository.
    var releasedContainer: Container? {
        containers.first { container in
            if case .repository = container.image { container.essential } else { false }
        }
    }

    /// Container name → image parameter of the repository containers that have a parameter of
    /// their own (not the released container's, nor one sharing its image): the containers a
    /// release of several images (`--image gateway=REF`) may name.
    var containerImageParameters: [String: String] {
        guard let released = releasedContainer else { return [:] }
        let releasedParameter = imageParameter(released)
        var parameters: [String: String] = [:]
        for container in containers {
            guard case .repository = container.image, imageParameter(container) != releasedParameter else { continue }
            parameters[container.name] = imageParameter(container)
        }
        return parameters
    }

    /// `{"gateway":"ApiServiceGatewayImage"}`: names and parameters as a JSON object, keys sorted.
    static func jsonObject(_ pairs: [String: String]) -> String {
        "{" + pairs.keys.sorted().map { jsonString($0) + ":" + jsonString(pairs[$0]!) }.joined(separator: ",") + "}"
    }

    /// `["./fileshare","migrate"]`: a command as a JSON list, so arguments keep their spaces.
    static func jsonList(_ words: [String]) -> String {
        "[" + words.map(jsonString).joined(separator: ",") + "]"
    }

    private static func jsonString(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}

extension Service {
    /// The container whose image parameters `container` uses: the released container when both
    /// run the same repository and tag (an app and its migration container), so one release
    /// changes both and a later deploy keeps them equal; otherwise `container` itself.
    func imageOwner(of container: Container) -> Container {
        guard case .repository(let repository, let tag) = container.image, let released = releasedContainer,
            case .repository(let releasedRepository, let releasedTag) = released.image,
            repository.name == releasedRepository.name, tag == releasedTag
        else { return container }
        return released
    }
}
