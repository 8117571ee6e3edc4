extension GeneratedSecret {
    /// The password of an app's own database role (a ``DatabaseRole``): 64 letters and digits
    /// Secrets Manager generates, safe in any connection string.
    ///
    /// It has no rotation schedule, on purpose: ECS injects a secret only when a task starts, so
    /// a rotating app secret would break running tasks exactly as the master secret's rotation
    /// did. It is not the master secret either, so RDS's 7-day rotation of that one no longer
    /// reaches the apps. To change it, update the secret and restart the tasks: each task's role
    /// container sets the role's password from it before the apps start.
    public static func databasePassword(_ name: String) -> GeneratedSecret { GeneratedSecret(name, length: 64) }
}
