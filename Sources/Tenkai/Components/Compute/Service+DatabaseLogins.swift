import TenkaiCore

extension Service {
    /// Each ``DatabaseLogin`` names a role PostgreSQL creates as written and the IAM ARN matches
    /// exactly: a plain lower-case name that is not the master user's or one RDS reserves. A
    /// ``DatabaseRole``'s names go into its SQL as written, so they are held to the same.
    func checkDatabaseLogins(_ stack: inout StackContext) -> Bool {
        var valid = true
        for container in containers {
            for login in container.grants.compactMap({ $0.target as? DatabaseLogin }) where !login.isPlainRoleName {
                stack.report(.error(
                    "container \(container.name) signs in to database \(login.database.name) as '\(login.user)', which is not a plain role name of its own",
                    hint: "a-z, 0-9 and _ (at most 63, not starting with a digit or pg_), not postgres, rdsadmin, rds_iam or the master user '\(login.database.masterUsername)'"))
                valid = false
            }
        }
        for container in containers {
            guard let role = container.databaseRole, !role.hasPlainNames else { continue }
            stack.report(.error(
                "container \(container.name) makes database role '\(role.user)' with schemas \(role.schemas), which are not all plain names",
                hint: "a-z, 0-9 and _ (at most 63, not starting with a digit or pg_); the role is not postgres, rdsadmin, rds_iam or the master user '\(role.database.masterUsername)'"))
            valid = false
        }
        return valid
    }
}
