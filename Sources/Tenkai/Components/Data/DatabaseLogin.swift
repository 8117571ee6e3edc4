import TenkaiCore

/// A container signs in to a ``Database`` as its own role with IAM database authentication: a
/// token signed with the task role's credentials instead of a password, so nothing it holds
/// expires when RDS rotates the master secret (every 7 days).
///
/// As a container setting it grants `rds-db:connect` on exactly
/// `arn:…:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user>` and sets the variables the
/// app reads (`DB_IAM_AUTH=1`, `DB_USER`). The role itself is made by the migration, which runs
/// as the master user with ``Container/creatingRole(of:)`` (`DB_APP_USER`) and grants it `rds_iam`.
///
/// RDS advises IAM authentication for apps that open fewer than 200 new connections a second
/// (tokens are checked on each connect; sessions are not affected once open), so the app keeps
/// a pool and signs a token at most every few minutes. Locally (compose) the variables are left
/// out: the local database has no IAM, and containers sign in with the password in `DATABASE_URL`.
///
/// ```swift
/// let login = DatabaseLogin(db, user: "fileshare_app")
/// Container("app", image: .repository(images)) { login }
/// Container("migrate", image: .repository(images)) { masterPassword }.creatingRole(of: login)
/// ```
public struct DatabaseLogin: ContainerSetting, Grantable {
    public var database: Database
    /// The PostgreSQL role the container signs in as.
    public var user: String
    public var flagVariable = "DB_IAM_AUTH"
    public var userVariable = "DB_USER"
    public var roleVariable = "DB_APP_USER"

    public init(_ database: Database, user: String) {
        self.database = database
        self.user = user
    }

    /// Variables that exist only in the cloud (compose leaves them out).
    public var cloudOnlyVariables: Set<String> { [flagVariable, userVariable, roleVariable] }

    /// Whether `user` is a role name PostgreSQL and the IAM ARN both take as written.
    public var isPlainRoleName: Bool {
        (1...63).contains(user.utf8.count) && user.first.map { $0 == "_" || ("a"..."z").contains($0) } == true
            && user.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            && !user.hasPrefix("pg_") && !["postgres", "rdsadmin", "rds_iam", "public"].contains(user)
            && user != database.masterUsername
    }

    public func apply(to container: inout Container) {
        container.grants.append(Grant(self, .readWrite))
        container.environment.append(Env(flagVariable, "1"))
        container.environment.append(Env(userVariable, user))
    }

    /// `rds-db:connect` on this one database user; `access` does not widen it.
    public func policyStatements(for access: Access, in stack: StackContext) -> [Value] {
        let resourceID = database.attribute("DbiResourceId", .id)
        let arn = Value.sub(
            "arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${ResourceId}/\(user)",
            ["ResourceId": resourceID.value])
        return [IAMPolicy.allow(["rds-db:connect"], on: [arn])]
    }
}

extension Container {
    /// Tells this (migration) container which role to create for `login` (`DB_APP_USER=<user>`).
    public func creatingRole(of login: DatabaseLogin) -> Container { environment(login.roleVariable, login.user) }
}
