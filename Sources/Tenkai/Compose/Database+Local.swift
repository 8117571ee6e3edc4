extension Database: LocallyRunnable {
    /// The password every local database uses; it guards nothing but a developer's machine.
    static let localPassword = "local-only-password"

    /// The same engine and version in a container, with a named volume for its data and a
    /// healthcheck, so users can wait for `service_healthy`. Containers that use its endpoint
    /// may also get its connection URL, the one-string form most drivers read (the variable a
    /// system names in its ``LocalRun``).
    public func provideLocally(into compose: inout ComposeContext) {
        let host = localServiceName
        var database: ComposeService
        let dataPath: String
        switch engine {
        case .postgres(let version):
            database = ComposeService(image: "postgres:\(version)-alpine")
            database.environment = [
                "POSTGRES_USER": masterUsername, "POSTGRES_PASSWORD": Self.localPassword, "POSTGRES_DB": databaseName,
            ]
            database.healthcheck = .init(["CMD-SHELL", "pg_isready -U \(masterUsername) -d \(databaseName)"])
            dataPath = "/var/lib/postgresql/data"
        case .mysql(let version):
            database = ComposeService(image: "mysql:\(version)")
            database.environment = [
                "MYSQL_ROOT_PASSWORD": Self.localPassword, "MYSQL_DATABASE": databaseName, "MYSQL_USER": masterUsername,
                "MYSQL_PASSWORD": Self.localPassword,
            ]
            database.healthcheck = .init(["CMD-SHELL", "mysqladmin ping -h 127.0.0.1 --silent"])
            dataPath = "/var/lib/mysql"
        }
        database.ports = ["\(compose.freeHostPort(from: port)):\(port)"]
        database.volumes = ["\(host)-data:\(dataPath)"]
        compose.addVolume("\(host)-data")
        compose.add(host, database)

        let healthy: (String, ComposeService.Condition) = (host, .healthy)
        compose.publish(endpoint, as: host, readyWhen: healthy)
        compose.publish(endpointPort, as: String(port), readyWhen: healthy)
        compose.publish(identifier, as: host, readyWhen: healthy)
        compose.publish(masterPassword, as: Self.localPassword, readyWhen: healthy)
        let scheme = engine == .postgres(engine.version) ? "postgres" : "mysql"
        compose.connectionURLs[endpoint.description] =
            "\(scheme)://\(masterUsername):\(Self.localPassword)@\(host):\(port)/\(databaseName)"
    }

    /// `<name>-db`: the host name containers reach the database by.
    var localServiceName: String { "\(name)-db" }
}
