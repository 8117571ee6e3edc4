import TenkaiCore

extension Service: LocallyRunnable {
    /// One compose service per container. A task of several containers shares one network
    /// namespace in ECS, so its containers talk over `localhost`; locally they join the
    /// namespace of a small `<service>-task` container that publishes their ports, as a pod's
    /// pause container does. `StartAfter` becomes `depends_on`: `.complete`/`.success` make the
    /// awaited container a one-shot job (`service_completed_successfully`), `.healthy` waits
    /// for its healthcheck. The same variables, secrets and configuration reach each container
    /// as in the cloud, with local values; a container listening on a port also gets
    /// `HOST=0.0.0.0` and `PORT`, since in a container only the wildcard address is reachable.
    /// The system's ``LocalRun`` says which images build from this checkout and which
    /// variables get a local database URL or the published URL.
    public func runLocally(in compose: inout ComposeContext) {
        let isTask = containers.count > 1
        let anchor = "\(name)-task"
        func serviceName(_ container: String) -> String { isTask ? "\(name)-\(container)" : name }
        // IAM database logins exist only in the cloud; locally every container uses DATABASE_URL.
        // A database role's client requires TLS only in the cloud (the local database has none).
        let cloudOnlyVariables = Set(
            containers.flatMap(\.grants).compactMap { $0.target as? DatabaseLogin }.flatMap(\.cloudOnlyVariables)
                + containers.compactMap(\.databaseRole).flatMap(\.cloudOnlyVariables))
        let oneShot = Set(
            containers.flatMap(\.dependencies).filter { $0.condition == .complete || $0.condition == .success }.map(\.container))
        if isTask {
            var pause = ComposeService(image: LocalAWS.pauseImage)
            pause.command = ["tail", "-f", "/dev/null"]
            compose.add(anchor, pause)
        }
        for container in containers {
            var service: ComposeService
            switch container.image {
            case .registry(let reference):
                service = ComposeService(image: reference)
            case .repository(let repository, let tag):
                if let dockerfile = compose.localRun.dockerfiles[repository.name] {
                    service = ComposeService(build: .init(context: compose.projectRoot, dockerfile: dockerfile))
                } else if case .dockerfile(let source, let context, let file, _)? = repository.build {
                    // Docker builds it from its source repository, checked out beside this one.
                    service = ComposeService(image: "\(compose.environment.systemName)/\(repository.name):\(tag)")
                    service.build = .init(context: "\(compose.projectRoot)/../\(source)/\(context)", dockerfile: file)
                } else {
                    service = ComposeService(image: "\(compose.environment.systemName)/\(repository.name):\(tag)")
                }
            }
            // Nothing releases locally: the migration container runs the migration at start.
            service.command = container.name == migrationContainer ? migrationCommand ?? container.command : container.command
            service.user = container.user
            service.readOnly = container.readOnlyRootFilesystem
            service.tmpfs = container.writablePaths
            if let check = container.healthCheck { service.healthcheck = .init(check) }
            if oneShot.contains(container.name) { service.restart = .no }

            var publishedPorts: [String] = []
            for port in container.ports {
                let published = "\(compose.freeHostPort(from: port.number)):\(port.number)"
                publishedPorts.append(published)
                if isTask {
                    compose.shared(anchor) { ComposeService(image: LocalAWS.pauseImage) } change: { $0.ports.append(published) }
                } else {
                    service.ports.append(published)
                }
            }
            if isTask {
                service.networkMode = "service:\(anchor)"
                service.dependsOn[anchor] = .started
            }
            if let serving = container.servingPort {
                service.environment["HOST"] = "0.0.0.0"
                service.environment["PORT"] = String(serving.number)
            }
            // The task role holds task-wide grants and every container's, so each container may use them.
            if !grants.isEmpty || !container.grants.isEmpty { compose.connectToLocalAWS(&service) }
            for variable in container.environment where !cloudOnlyVariables.contains(variable.name) {
                compose.wire(variable.name, variable.value, into: &service)
                guard let urlVariable = compose.localRun.databaseURLVariable else { continue }
                for id in variable.value.referencedIDs {
                    if let url = compose.connectionURLs[id], service.environment[urlVariable] == nil {
                        service.environment[urlVariable] = url
                    }
                }
            }
            for secret in container.secrets { compose.wire(secret.name, secret: secret.source, into: &service) }
            // Locally the service is reached on its published port, not through the cloud domain.
            if let serving = container.servingPort, let published = publishedPorts.first(where: { $0.hasSuffix(":\(serving.number)") }) {
                for name in compose.localRun.publicURLVariables where service.environment[name] != nil {
                    service.environment[name] = "http://localhost:\(published.split(separator: ":")[0])"
                }
            }
            for dependency in container.dependencies {
                let condition: ComposeService.Condition =
                    switch dependency.condition {
                    case .start: .started
                    case .complete, .success: .completedSuccessfully
                    case .healthy: .healthy
                    }
                service.dependsOn[serviceName(dependency.container)] = condition
            }
            compose.add(serviceName(container.name), service)
        }
    }
}
