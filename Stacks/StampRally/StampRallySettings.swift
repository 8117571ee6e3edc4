import Tenkai

/// What each environment file sets under `systems.stamp-rally`, read strictly: an unknown key, a
/// value of the wrong type or a missing one is an error at its line and column.
struct StampRallySettings: Decodable, Sendable {
    /// Every function's memory, in MB.
    var functionMemoryMB: Int
    /// How many days the functions' and the API's log groups (and the access-log bucket) keep what they hold.
    var logRetentionDays: Int
    /// How many days replaced versions of uploaded photos are kept.
    var uploadVersionDays: Int
    /// The API stage's steady request rate and burst.
    var apiRequestsPerSecond: Int
    var apiBurst: Int
    /// The monthly cost budget, in US dollars.
    var monthlyBudgetUSD: Int
    /// How many days AWS Backup keeps the tables' backups; without it, no backup plan.
    var backupRetentionDays: Int?
    /// The LIFF app's origin, allowed by the API's and the bucket's CORS rules.
    var frontendOrigin: String
    /// The LINE Login channel ID of the LIFF app.
    var lineChannelId: String
    /// The lowest Rekognition confidence (percent) that counts a label as found.
    var labelMinConfidence: Int
    /// Whether this system creates API Gateway's logging role or the account has it (default create).
    var apiGatewayAccount: AccountSingleton?
}
