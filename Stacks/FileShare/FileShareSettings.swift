import Tenkai

/// What each environment file sets under `systems.fileshare`, read strictly: an unknown key, a
/// value of the wrong type or a missing one is an error at its line and column.
struct FileShareSettings: Decodable, Sendable {
    /// The database's RDS instance class (`db.t4g.micro`).
    var database: String
    /// The database's storage, in GiB.
    var databaseStorageGiB: Int
    /// The web task's Fargate size, `cpu/memory` (`512/1024`).
    var webSize: String
    /// How many web tasks run at least, and at most under autoscaling.
    var webTasks: Int
    var webTasksMax: Int
    /// Whether the web tasks run on Fargate Spot.
    var fargateSpot: Bool
    /// How many days every log group (and the log bucket) keeps what it holds.
    var logRetentionDays: Int
    /// Whether the security stack records a CloudTrail trail (default no).
    var cloudTrail: Bool?
    /// The GitHub repository (`owner/name`) production's release pipeline builds from (needed in production).
    var repository: String?
    /// The NAT layout; without it one per zone where the environment is multi-AZ, one otherwise.
    var natGateways: Network.NatGateways?
    /// Whether this system creates the account singletons or the account has them (default create).
    var guardDuty: AccountSingleton?
    var securityHub: AccountSingleton?
    var configRecorder: AccountSingleton?
    /// Where the app runs (default Fargate).
    var compute: Compute?
    /// The EC2 instance type of the app servers where `compute: ec2` (default t3.medium).
    var appServer: String?

    enum Compute: String, SettingChoice {
        case fargate
        /// EC2 app servers behind the load balancer; the Fargate service stays defined with no tasks.
        case ec2
    }
}
