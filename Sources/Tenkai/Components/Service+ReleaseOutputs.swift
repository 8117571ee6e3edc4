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
    }

    /// The container a release changes: the first essential one built from a repository.
    var releasedContainer: Container? {
        containers.first { container in
            if case .repository = container.image { container.essential } else { false }
        }
    }
}
