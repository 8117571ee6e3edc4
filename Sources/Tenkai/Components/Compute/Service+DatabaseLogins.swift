import TenkaiCore

extension Service {
    /// Each ``DatabaseLogin`` names a role PostgreSQL creates as written and the IAM ARN matches
    /// exactly: a plain lower-case name that is not the master user's or one RDS reserves.
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
        return valid
    }
}
