import Tenkai
import TenkaiCore

/// A LINE mini-app stamp rally: users open the LIFF app, photograph each spot, and collect a
/// stamp when Rekognition finds the spot's expected labels in the photo.
///
/// Serverless on purpose: DynamoDB, S3, Lambda and API Gateway span every availability zone of
/// the region on their own, so environments differ in sizes, retention, backups and
/// protection rather than in topology.
///
/// Locally (`tenkai synth --target compose`) the tables run in DynamoDB Local, the bucket in
/// MinIO and the parameters in a local Parameter Store, and each function in AWS's Lambda base
/// image with its code from `Stacks/StampRally/functions` (the folder its cloud package is
/// zipped from), invoked on its own port; the REST API and Cognito have no local stand-in.
public let stampRally = System(
    "stamp-rally", summary: "LINE mini-app stamp rally with photo checks by Rekognition", settings: StampRallySettings.self
) { env, settings in
    let alerts = NotificationTopic("alerts").email(env.alarms.email)
    let data = StampRallyData(env, settings: settings, alerts: alerts)
    let users = UserPool("users").protected(StampRallyData.isProductionGrade(env))
    let api = StampRallyAPI(env, settings: settings, data: data, users: users, alerts: alerts)

    Stack("alerts") {
        alerts
        Budget("monthly", limitUSD: settings.monthlyBudgetUSD).notify(topic: alerts.arn, email: env.alarms.email)
    }
    Stack("data") {
        data.components
        if let backupRetentionDays = settings.backupRetentionDays {
            BackupPlan("tables", retentionDays: backupRetentionDays)
                .including(data.userStamps.arn, data.stampMasters.arn, data.users.arn)
                .suppress(scanner: .checkov("CKV_AWS_166"), reason: "the vault holds backups of DynamoDB tables, which AWS Backup encrypts with each table's own key (the tables' customer-managed key in stg and prod)")
        }
    }
    Stack("auth") { users }
    Stack("api") {
        api.components
        Dashboard("overview") {
            Graph("API \(api.restApi.name)", ["Count", "4XXError", "5XXError"].map { api.restApi.metric($0, stage: nil) })
            for function in api.functions { Graph("Function \(function.name)", [function.invocations, function.errors, function.throttles]) }
            for table in data.tables {
                Graph("Table \(table.name)", [table.consumedReadCapacityUnits, table.consumedWriteCapacityUnits, table.readThrottleEvents, table.writeThrottleEvents])
            }
        }
    }
}
