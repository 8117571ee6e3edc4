import Tenkai
import TenkaiCore

/// The B2B file-sharing service: sales staff share files and contracts with customers and
/// partners through links, with strict per-project permissions.
///
/// Stacks, in deploy order: `network` (VPC, hosted zone), `data` (buckets, database, secrets,
/// image repository), `app` (the `fileshare` service behind its load balancer and regional
/// WAF). Environment differences an infra team would choose: one NAT gateway and a single-AZ
/// database in dev; KMS keys, deletion protection and longer retention in prod; Fargate Spot
/// where `fargateSpot` is true.
public let fileShare = System("fileshare", summary: "B2B file sharing for sales staff, customers and partners") { env in
    let production = env.isProduction
    let retention = Int(env.setting("logRetentionDays", default: "30")) ?? 30

    // MARK: network
    let net = Network("main", availabilityZones: env.availabilityZones)
        .natGateways(env.multiAZ ? .perZone : .single)
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
        .instanceClass(env.size("database"))
        .storage(gibibytes: Int(env.size("databaseStorage")) ?? 20)
        .encrypted(with: dataKey)
        .logRetention(days: retention)
    let jwtKey = GeneratedSecret("jwt-signing-key").encrypted(with: dataKey)
    let images = Repository("fileshare")
    let logLevel = ConfigParameter("log-level", value: production ? "info" : "debug")

    // MARK: app
    let web = Service("web", in: net) {
        Container("app", image: .repository(images)) {
            Port(8080, health: "/healthz")
            Env("DATABASE_HOST", db.endpoint)
            Env("DATABASE_PORT", db.endpointPort)
            Env("DATABASE_NAME", "fileshare")
            Env("DATABASE_USER", "tenkai_admin")
            Secret("DATABASE_PASSWORD", db.masterPassword)
            Env("FILES_BUCKET", files.bucketName)
            Env("AWS_REGION", value: .region)
            Secret("JWT_SECRET", jwtKey.value)
            Config("LOG_LEVEL", logLevel)
            Grant(files, .readWrite)
        }
        .writable("/tmp")
    }
    .size(env.size("web"))
    .scaling(min: env.count("web"), max: env.count("webMax"))
    .capacity(env.flag("fargateSpot", default: false) ? .spot : .onDemand)
    .logRetention(days: retention)
    .connecting(to: db)
    let originCertificate = Certificate("origin", domain: "origin.\(env.domain)", in: zone)
    let loadBalancer = LoadBalancer("web", fronting: web, in: net, certificate: originCertificate.arn)
        .accessLogs(to: logs.bucketName)
        .domainName("origin.\(env.domain)", in: zone)

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
        images
        logLevel
    }
    Stack("app") {
        originCertificate
        web
        loadBalancer
    }
}
