import Tenkai

/// The stamp rally's API: Lambda functions behind one REST API, signed in through Cognito; one
/// composite, so the component tree shows them under `stamp-rally/api/backend/`.
struct StampRallyAPI: Composite {
    let name = "backend"
    var kind: String { "StampRallyAPI" }
    let collectStamp: Function
    let listStamps: Function
    let listSpots: Function
    let uploadURL: Function
    let profile: Function
    let restApi: RestApi
    let logging: ApiGatewayAccount
    let parameters: [RuntimeParameter]

    init(_ env: Environment, settings: StampRallySettings, data: StampRallyData, users: UserPool, alerts: NotificationTopic) {
        let channelID = RuntimeParameter("line-channel-id", value: settings.lineChannelId, in: env)
            .describing("LINE Login channel ID of the LIFF app")
        let channelSecret = RuntimeParameter.secure(
            "line-channel-secret", in: env, setBy: "the LINE Developers console (LINE Login channel, channel secret)")
        let minimumConfidence = RuntimeParameter(
            "label-min-confidence", value: String(settings.labelMinConfidence), in: env)
            .describing("Lowest Rekognition confidence (percent) that counts a label as found")
        parameters = [channelID, channelSecret, minimumConfidence]

        // One package for every function (Stacks/StampRally/functions, zipped by content hash);
        // each function's handler is its own module in it.
        func function(_ name: String, module: String) -> Function {
            Function(
                name, runtime: .python313, handler: "stamp_rally.\(module).handler",
                code: .folder("Stacks/StampRally/functions")
            )
            .memory(settings.functionMemoryMB)
            .logRetention(days: settings.logRetentionDays)
            .environment("FRONTEND_ORIGIN", settings.frontendOrigin)
            .alarms(notify: alerts.arn)
        }

        collectStamp = function("collect-stamp", module: "collect_stamp")
            .timeout(seconds: 15)
            .environment("USER_STAMPS_TABLE", data.userStamps.tableName)
            .environment("STAMP_MASTERS_TABLE", data.stampMasters.tableName)
            .environment("UPLOADS_BUCKET", data.uploads.bucketName)
            .environment("LABEL_MIN_CONFIDENCE_PARAMETER", minimumConfidence.parameterName)
            .granting(.readWrite, on: data.userStamps)
            .granting(.read, on: data.stampMasters)
            .granting(.read, on: data.uploads)
            .granting(.read, on: minimumConfidence)
            .allowingUnscoped("rekognition:DetectLabels")
        listStamps = function("list-stamps", module: "list_stamps")
            .environment("USER_STAMPS_TABLE", data.userStamps.tableName)
            .granting(.read, on: data.userStamps)
        listSpots = function("list-spots", module: "list_spots")
            .environment("STAMP_MASTERS_TABLE", data.stampMasters.tableName)
            .granting(.read, on: data.stampMasters)
        uploadURL = function("upload-url", module: "upload_url")
            .environment("UPLOADS_BUCKET", data.uploads.bucketName)
            .granting(.write, on: data.uploads)
        profile = function("profile", module: "profile")
            .environment("USERS_TABLE", data.users.tableName)
            .environment("LINE_CHANNEL_ID_PARAMETER", channelID.parameterName)
            .environment("LINE_CHANNEL_SECRET_PARAMETER", channelSecret.parameterName)
            .granting(.readWrite, on: data.users)
            .granting(.read, on: channelID)
            .granting(.read, on: channelSecret)

        logging = ApiGatewayAccount("api-logging", settings.apiGatewayAccount ?? .create)
        restApi = RestApi("api") { [collectStamp, listStamps, listSpots, uploadURL, profile] in
            Route(.post, "/stamps", to: collectStamp)
            Route(.get, "/stamps", to: listStamps)
            Route(.get, "/rallies/{rallyId}/spots", to: listSpots, authorization: .none)
            Route(.post, "/uploads", to: uploadURL)
            Route(.get, "/me", to: profile)
            Route(.put, "/me", to: profile)
        }
        .authorized(by: users)
        .cors(allowedOrigin: settings.frontendOrigin)
        .throttling(requestsPerSecond: settings.apiRequestsPerSecond, burst: settings.apiBurst)
        .logRetention(days: settings.logRetentionDays)
        .executionLogs(through: logging)
        .alarms(notify: alerts.arn)
    }

    var functions: [Function] { [collectStamp, listStamps, listSpots, uploadURL, profile] }
    var children: [any Component] {
        let checked = Self.argued(collectStamp.suppress(
            rule: .iamWildcard,
            reason: "rekognition:DetectLabels has no resource-level permissions in IAM, so it can only be allowed on '*'"))
        let others: [any Component] = [listStamps, listSpots, uploadURL, profile].map { Self.argued($0) }
        let api = restApi
            .suppress(scanner: .checkov("CKV_AWS_120"), reason: "responses are per user (their stamps and profile, behind Cognito) or change as stamps are collected; a stage cache would serve stale or another user's data")
            .suppress(scanner: .checkov("CKV_AWS_59"), reason: "GET /rallies/{rallyId}/spots is public on purpose: the LIFF app shows a rally's spots before sign-in; it is read-only and under the stage throttle and the API's rate alarms")
        return parameters + [checked] + others + [logging, api]
    }

    /// The scanners' Lambda checks that do not fit functions behind a REST API, with why.
    static let lambdaChecks: [(ScannerCheck, String)] = [
        (.checkov("CKV_AWS_116"), "invoked synchronously by API Gateway (proxy integration): errors return to the caller, and a dead-letter queue only receives failed asynchronous invocations"),
        (.checkov("CKV_AWS_117"), "reaches only AWS APIs (DynamoDB, S3, Rekognition, SSM) over TLS with IAM; no private resource needs a VPC, which would add NAT gateways and cold-start time"),
        (.checkov("CKV_AWS_115"), "the API stage's throttle (apiRequestsPerSecond, apiBurst) bounds the invocation rate; reserved concurrency would take capacity from the account's other functions"),
        (.checkov("CKV_AWS_173"), "the variables hold resource names only (tables, bucket, parameter names); secrets stay in SSM SecureString and are read at run time; Lambda encrypts variables at rest with its AWS-managed key"),
    ]

    private static func argued(_ function: Function) -> Function {
        lambdaChecks.reduce(function) { $0.suppress(scanner: $1.0, reason: $1.1) }
    }
}
