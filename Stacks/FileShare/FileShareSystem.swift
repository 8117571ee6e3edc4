import Tenkai
import TenkaiCore

/// The B2B file-sharing service: sales staff share files and contracts with customers and
/// partners through links, with strict per-project permissions.
///
/// Stacks, in deploy order:
/// - `network`: the VPC and the environment's hosted zone.
/// - `data`: buckets, the PostgreSQL database, secrets, configuration, the image repository.
/// - `app`: the `fileshare` service on Fargate behind its load balancer and a regional WAF.
/// - `edge-global` (us-east-1): the CloudFront certificate and the CloudFront-scope WAF.
/// - `edge`: the CloudFront distribution and the public DNS names.
/// - `monitoring`: alarms, the dashboard, notifications to e-mail and Slack.
/// - `security`: GuardDuty, Security Hub, Config, Inspector, CloudTrail where asked.
///
/// - `pipeline` (production only): the release pipeline (CodePipeline from GitHub, CodeBuild
///   tests with coverage, the image, dev then stg, the prod gate with the approvers' approval,
///   results to Slack); it hooks in through the image repository.
///
/// `tenkai release` ships new images of `web` blue/green through the load balancer's green target
/// group, runs `fileshare migrate` once before green starts, and sets `WebServiceAppImage`.
///
/// Differences between environments are what an infra team would choose: one NAT gateway and a
/// single-AZ database in dev (multi-AZ in stg and prod, from `multiAZ`); KMS keys, deletion
/// protection, 30-day backups and year-long log retention in prod; Fargate Spot where the
/// environment's `fargateSpot` setting is true; sizes and counts from the environment files.
/// The app's routes that take file bodies (Sources/FileShare/Controllers: FileController's
/// `POST files` and `POST files/:fileId/versions`, UploadController's `PUT uploads/:id/parts/:n`).
let uploadPaths = #"^/api/projects/[^/]+/(files|files/[^/]+/versions|uploads/[^/]+/parts/[0-9]+)$"#

public let fileShare = System(
    "fileshare", summary: "B2B file sharing for sales staff, customers and partners", settings: FileShareSettings.self
) { env, settings in
    let production = env.isProduction
    let retention = settings.logRetentionDays

    // MARK: network
    let net = Network("main", availabilityZones: env.availabilityZones)
        .natGateways(settings.natGateways ?? (env.multiAZ ? .perZone : .single))
        .flowLogRetention(days: retention)
    let zone = DNS("main", domain: env.domain)

    // MARK: data
    let dataKey: EncryptionKey? = production ? EncryptionKey("data") : nil
    let logs = Bucket("logs")
        .encryption(.s3Managed)
        .versioned(false)
        .expireObjects(after: retention)
        .acceptingLogs(from: .s3ServerAccessLogs, .loadBalancer, .cloudFront)
    let files = Bucket("files")
        .encryption(dataKey.map(Bucket.Encryption.kms))
        .cors(allowedOrigins: ["https://\(env.domain)"])
        .accessLogs(to: logs.bucketName)
    let db = Database("main", engine: .postgres("16.9"), in: net, databaseName: "fileshare")
        .instanceClass(settings.database)
        .storage(gibibytes: settings.databaseStorageGiB)
        .encrypted(with: dataKey)
        .logRetention(days: retention)
    let jwtKey = GeneratedSecret("jwt-signing-key").encrypted(with: dataKey)
    let images = Repository("fileshare").built(from: .product("fileshare", arguments: ["serve"]))
    let logLevel = ConfigParameter("log-level", value: production ? "info" : "debug")

    // MARK: app
    // The app signs in as its own least-privilege role with IAM tokens (nothing to expire when
    // RDS rotates the master secret); only the migration container holds the master password.
    let appLogin = DatabaseLogin(db, user: "fileshare_app")
    let masterPassword = Secret("DATABASE_PASSWORD", db.masterPassword)
    // The app's container; `databaseLogin` says how it signs in to the database.
    let app = { (databaseLogin: [any ContainerSetting]) -> Container in
        Container("app", image: .repository(images)) {
            Port(8080, health: "/healthz", readiness: "/readyz")
            databaseLogin
            Secret("JWT_SECRET", jwtKey.value)
            Config("LOG_LEVEL", logLevel)
        }
        .environment("DATABASE_HOST", db.endpoint)
        .environment("DATABASE_PORT", db.endpointPort)
        .environment("DATABASE_NAME", db.databaseName)
        .environment("FILES_BUCKET", files.bucketName)
        .environment("HOST", "0.0.0.0")
        .environment("PUBLIC_URL", "https://\(env.domain)")
        .environment("TRUST_FORWARDED_FOR", "1")
        .environment("AWS_REGION", value: .region)
        // On the container, so the EC2 app servers running it get the grant too.
        .granting(.readWrite, on: files)
        // The image's user (Sources/FileShareServer/Dockerfile) and the only paths it writes:
        // scratch space and the upload spool (the app reads SPOOL_DIR).
        .user(uid: 10001, gid: 10001)
        .writablePaths(["/tmp"])
        .writable("/data/spool", as: "SPOOL_DIR")
    }
    let web = Service("web", in: net) {
        app([StartAfter("migrate", .success), appLogin])
        // Applies the schema and creates or repairs the app's role as the master user, then
        // exits; the app starts once it succeeded (on the first deploy too, before any release).
        Container("migrate", image: .repository(images)) { masterPassword }
            .environment("DATABASE_HOST", db.endpoint)
            .environment("DATABASE_PORT", db.endpointPort)
            .environment("DATABASE_NAME", db.databaseName)
            .environment("DATABASE_USER", db.masterUsername)
            .creatingRole(of: appLogin)
            .essential(false)
            .command(["migrate"])
            .user(uid: 10001, gid: 10001)
            .writablePaths(["/tmp"])
    }
    .size(settings.webSize)
    .scaling(min: settings.webTasks, max: settings.webTasksMax)
    .capacity(settings.fargateSpot ? .spot : .onDemand)
    .logRetention(days: retention)
    .connecting(to: db)
    .migrations(["migrate"], container: "migrate")  // once per release with the new image, before green starts
    let originName = "origin.\(env.domain)"
    let originCertificate = Certificate("origin", domain: originName, in: zone)
    // Only CloudFront reaches the origin, so its firewall and TLS settings cannot be bypassed.
    let loadBalancer = LoadBalancer("web", fronting: web, in: net, certificate: originCertificate.arn)
        .reachable(from: .cloudFront)
        .accessLogs(to: logs.bucketName)
        .domainName(originName, in: zone)
    // The web UI uploads file bodies through CloudFront and the load balancer: both firewalls
    // let bodies over 8 KB through on the upload routes only (a whole file, a new version, or
    // one part of a resumable upload) and keep the core set's body-size block everywhere else.
    let originFirewall = WebACL("origin", scope: .regional)
        .rateLimit(production ? 3000 : 1000)
        .largeBodies(allowedOn: uploadPaths)
        .logRetention(days: retention)
        .protecting(loadBalancer)

    // The app on EC2 app servers instead of Fargate where `compute: ec2` (the seed's first setup):
    // the Fargate service stays defined with no tasks, the servers take the listener's traffic.
    let onEC2 = settings.compute == .ec2
    // App servers have no migration step: their app signs in as the master user and migrates as
    // it starts (it reads the master secret at boot, so a rotation needs a restart there).
    let appServers = AppServers("web", in: net, behind: loadBalancer, running: app([masterPassword]).environment("DATABASE_USER", db.masterUsername))
        .instanceType(settings.appServer ?? "t3.medium")
        .count(min: settings.webTasks, max: settings.webTasksMax)
        .logRetention(days: retention)
        .connecting(to: db)

    // MARK: edge
    let edgeCertificate = Certificate("edge", domain: env.domain, in: zone)
    let edgeFirewall = WebACL("edge", scope: .cloudFront)
        .rateLimit(production ? 3000 : 1000)
        .largeBodies(allowedOn: uploadPaths)
        .logRetention(days: retention)
    let cdn = CDN("web", origin: originName, aliases: [env.domain], certificate: edgeCertificate.arn, zone: zone)
        .webACL(edgeFirewall)
        .logs(to: logs)
        .priceClass(production ? "PriceClass_All" : "PriceClass_200")

    // MARK: monitoring and security
    let alarms = loadBalancer.recommendedAlarms() + (onEC2 ? appServers.recommendedAlarms() : web.recommendedAlarms()) + db.recommendedAlarms()

    Stack("network") {
        net
        zone
    }
    Stack("data") {
        if let dataKey { dataKey }
        logs
        files
        db
        jwtKey
        images.suppress(scanner: .checkov("CKV_AWS_136"), reason: Repository.imagesEncryptionReason)
        logLevel
    }
    Stack("app") {
        originCertificate
        onEC2 ? web.count(0) : web
        loadBalancer
        if onEC2 { appServers }
        originFirewall
    }
    Stack("edge-global", region: "us-east-1") {
        edgeCertificate
        edgeFirewall
    }
    Stack("edge") {
        cdn
    }
    Stack("monitoring") {
        Alarms("fileshare", notifying: env.alarms) { alarms }
        Dashboard("fileshare") { alarms.map(Graph.init(of:)) }
    }
    Stack("security") {
        SecurityBaseline("baseline")
            .cloudTrail(settings.cloudTrail ?? false)
            .logRetention(days: retention)
            .accountSingletons(
                guardDuty: settings.guardDuty ?? .create, securityHub: settings.securityHub ?? .create,
                configRecorder: settings.configRecorder ?? .create)
    }
    if production {
        Stack("pipeline") {
            Pipeline("release", repository: settings.repository ?? "", images: images, releasing: ["dev", "stg"])
                .deploying(["network", "data", "app", "edge", "monitoring", "security"])
                .deploying(["edge-global"], region: "us-east-1")
                .logRetention(days: retention)
                .testing(with: "FILESHARE_TEST_DATABASE_URL=$(scripts/start-postgres.sh) swift test --enable-code-coverage")
                .buildingImages(from: "Sources/FileShareServer/Dockerfile")
                .suppress(
                    scanner: .cfripper("PrivilegeEscalationRule"),
                    reason: "the deploy stage runs tenkai deploy, which creates and updates the system's own IAM roles; its IAM actions are scoped to the roles of the system's stacks by name, and the gate's denials keep it off the tenkai roles")
                .suppress(
                    scanner: .checkov("CKV_AWS_18"),
                    reason: "the artifact bucket holds only build outputs between stages; CodePipeline's and CodeBuild's roles are its only users, and CloudTrail records their calls")
        }
    }
}
// Locally compose builds the app from this checkout's Dockerfile; it reads the database as one
// URL and its own address (links in e-mails) as the published port, not the cloud domain.
.runningLocally(
    LocalRun(
        dockerfiles: ["fileshare": "Sources/FileShareServer/Dockerfile"], databaseURLVariable: "DATABASE_URL",
        publicURLVariables: ["PUBLIC_URL"]))
