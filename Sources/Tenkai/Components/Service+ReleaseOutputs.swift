import TenkaiCore

extension Service {
    /// The outputs `tenkai release` reads from the deployed stack: where the service runs and
    /// which container's image it replaces (`WebServiceReleaseCluster`, `…ReleaseService`,
    /// `…ReleaseContainer`, `…ReleaseImageParameter`).
    func addReleaseOutputs(in stack: inout StackContext) {
        let id = logicalID
        stack.output(id + "ReleaseCluster", cluster.value, description: "Cluster of service \(name), for tenkai release")
        stack.output(id + "ReleaseService", .getAtt(id, "Name"), description: "Service \(name), for tenkai release")
        guard let released = releasedContainer else { return }
        stack.output(id + "ReleaseContainer", .string(released.name), description: "Container whose image tenkai release replaces")
        stack.output(
            id + "ReleaseImageParameter", .string(imageParameter(released)), description: "Template parameter holding the released image")
        if let migrationCommand {
            stack.output(
                id + "ReleaseMigration", .string(Self.jsonList(migrationCommand)),
                description: "Command (a JSON list) a release runs once with the new task definition before green starts")
        }
    }

    /// Runs `command` once as a one-off task of the new task definition before each release's
    /// green tasks start; the release stops unless it exits 0 (database migrations).
    public func migrations(_ command: [String]) -> Service { with { $0.migrationCommand = command } }

    /// The container a release changes: the first essential one built from a repository.
    var releasedContainer: Container? {
        containers.first { container in
            if case .repository = container.image { container.essential } else { false }
        }
    }

    /// `["./fileshare","migrate"]`: a command as a JSON list, so arguments keep their spaces.
    static func jsonList(_ words: [String]) -> String {
        let quoted = words.map { word in
            "\"" + word.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        }
        return "[" + quoted.joined(separator: ",") + "]"
    }
}
