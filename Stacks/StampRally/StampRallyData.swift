import Tenkai
import TenkaiCore

/// The stamp rally's data: three tables and the bucket the LIFF app uploads photos to; one
/// composite, so the component tree shows them under `stamp-rally/data/data/`.
struct StampRallyData: Composite {
    let name = "data"
    var kind: String { "StampRallyData" }
    /// One item per stamp a user collected: `userId` + `spotId`, listed per spot by `by-spot`.
    let userStamps: Table
    /// The rallies and their spots (location, expected labels), listed by area with `by-area`.
    let stampMasters: Table
    /// LINE users who joined, found by their LINE user ID with `by-line-user`.
    let users: Table
    /// Photos uploaded through presigned URLs; the front end's origin may PUT and GET directly.
    let uploads: Bucket
    /// S3 access logs of the uploads bucket: who read and wrote which photo.
    let accessLogs: Bucket
    /// The tables' customer-managed key where the environment is production-grade (users' LINE
    /// IDs and stamp history are personal data; a key of our own makes access auditable and revocable).
    let tableKey: EncryptionKey?

    init(_ env: Environment, settings: StampRallySettings, alerts: NotificationTopic) {
        let protected = StampRallyData.isProductionGrade(env)
        let key: EncryptionKey? = protected ? EncryptionKey("tables") : nil
        tableKey = key
        func encrypted(_ table: Table) -> Table { key.map { table.encrypted(with: $0.arn) } ?? table }
        userStamps = encrypted(Table("user-stamps", partitionKey: .string("userId"), sortKey: .string("spotId"))
            .index("by-spot", partitionKey: .string("spotId"), sortKey: .string("collectedAt"))
            .protected(protected)
            .alarms(notify: alerts.arn))
        stampMasters = encrypted(Table("stamp-masters", partitionKey: .string("rallyId"), sortKey: .string("spotId"))
            .index("by-area", partitionKey: .string("area"), sortKey: .string("spotId"))
            .protected(protected)
            .alarms(notify: alerts.arn))
        users = encrypted(Table("users", partitionKey: .string("userId"))
            .index("by-line-user", partitionKey: .string("lineUserId"))
            .protected(protected)
            .alarms(notify: alerts.arn))
        accessLogs = Bucket("access-logs")
            .encryption(.s3Managed)
            .versioned(false)
            .expireObjects(after: settings.logRetentionDays)
            .acceptingLogs(from: .s3ServerAccessLogs)
            .retained(protected)
        uploads = Bucket("uploads")
            .encryption(protected ? .ownKey : .s3Managed)
            .retained(protected)
            .cors(allowedOrigins: [settings.frontendOrigin])
            .expireNoncurrentVersions(after: settings.uploadVersionDays)
            .accessLogs(to: accessLogs.bucketName)
    }

    /// The stamp rally's document asks for staging to be production-equivalent (multi-AZ, the
    /// same configuration as production at a smaller scale): stg gets production's protection
    /// and encryption; only sizes of retention, budgets and names differ (StampRallyTests lists them).
    static func isProductionGrade(_ env: Environment) -> Bool { env.isProduction || env.tier == .staging }

    var tables: [Table] { [userStamps, stampMasters, users] }
    var children: [any Component] {
        let key: [any Component] = tableKey.map { [$0] } ?? []
        return key + [userStamps, stampMasters, users, accessLogs, uploads]
    }
}
