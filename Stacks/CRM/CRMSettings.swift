import Tenkai

/// What each environment file sets under `systems.crm`, read strictly: an unknown key, a value
/// of the wrong type or a missing one is an error at its line and column.
struct CRMSettings: Decodable, Sendable {
    /// The database's RDS instance class (`db.t4g.micro`).
    var database: String
    /// The database's storage, in GiB.
    var databaseStorageGiB: Int
    /// The API task's Fargate size, `cpu/memory` (`1024/2048`).
    var apiSize: String
    /// How many API tasks run at least, and at most under autoscaling.
    var apiTasks: Int
    var apiTasksMax: Int
    /// Whether the API tasks run on Fargate Spot.
    var fargateSpot: Bool
    /// How many days every log group (and the log bucket) keeps what it holds.
    var logRetentionDays: Int
    /// The monthly cost budget, in US dollars.
    var monthlyBudgetUSD: Int
    /// The domain the front end is served under (the API under `api.<domain>`).
    var domain: String
    /// The tag of the service images to run.
    var imageTag: String
    /// The front end's Git repository, built by Amplify Hosting.
    var frontendRepository: String
    /// The NAT layout; without it one per zone where the environment is multi-AZ, one otherwise.
    var natGateways: Network.NatGateways?
}
