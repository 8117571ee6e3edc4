import Tenkai

/// The stamp rally's data: three tables and the bucket the LIFF app uploads photos to.
struct StampRallyData {
    /// One item per stamp a user collected: `userId` + `spotId`, listed per spot by `by-spot`.
    let userStamps: Table
    /// The rallies and their spots (location, expected labels), listed by area with `by-area`.
    let stampMasters: Table
    /// LINE users who joined, found by their LINE user ID with `by-line-user`.
    let users: Table
    /// Photos uploaded through presigned URLs; the front end's origin may PUT and GET directly.
    let uploads: Bucket

    init(_ env: Environment, alerts: NotificationTopic) {
        userStamps = Table("user-stamps", partitionKey: .string("userId"), sortKey: .string("spotId"))
            .index("by-spot", partitionKey: .string("spotId"), sortKey: .string("collectedAt"))
            .alarms(notify: alerts.arn)
        stampMasters = Table("stamp-masters", partitionKey: .string("rallyId"), sortKey: .string("spotId"))
            .index("by-area", partitionKey: .string("area"), sortKey: .string("spotId"))
            .alarms(notify: alerts.arn)
        users = Table("users", partitionKey: .string("userId"))
            .index("by-line-user", partitionKey: .string("lineUserId"))
            .alarms(notify: alerts.arn)
        uploads = Bucket("uploads")
            .cors(allowedOrigins: [env.setting("frontendOrigin")])
            .expireNoncurrentVersions(after: env.count("uploadVersionDays"))
    }

    var tables: [Table] { [userStamps, stampMasters, users] }
    var components: [any Component] { [userStamps, stampMasters, users, uploads] }
}
