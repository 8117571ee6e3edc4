import Tenkai
import TenkaiCore

/// An inquiry-management CRM: staff answer customers' inquiries.
///
/// The back end is five services in ONE Fargate task, talking over `localhost`: the staff API
/// (also the auth server, answering auth queries over gRPC), the user API, the inquiry API, a
/// GraphQL federation gateway over the three, and a reverse proxy that checks JWTs in front of
/// the gateway. The database is migrated and seeded once per release, by `tenkai release`'s
/// migration task (the `migrate` container's command overridden), never when a task starts. An ALB (behind a regional WAF) fronts the
/// proxy; PostgreSQL holds the data; the Next.js front end is on Amplify Hosting.
///
/// Stacks, in deploy order: `network`, `data`, `app`, `frontend`, `monitoring`.
/// dev runs one NAT gateway and a single-AZ database on Fargate Spot; stg and prod are multi-AZ
/// (from the environment's `multiAZ`), prod with KMS keys and the largest sizes.
public let crm = System(
    "crm", summary: "Inquiry-management CRM: GraphQL-federated microservices in one Fargate task", settings: CRMSettings.self
) { env, settings in
    let domain = settings.domain
    let retention = settings.logRetentionDays
    let tag = settings.imageTag

    // MARK: network
    let net = Network("main", availabilityZones: env.availabilityZones)
        .natGateways(settings.natGateways ?? (env.multiAZ ? .perZone : .single))
        .flowLogRetention(days: retention)
    let zone = DNS("main", domain: domain)

    // MARK: data
    let dataKey: EncryptionKey? = env.isProduction ? EncryptionKey("data") : nil
    let db = Database("main", engine: .postgres("16.9"), in: net, databaseName: "crm")
        .instanceClass(settings.database)
        .storage(gibibytes: settings.databaseStorageGiB)
        .encrypted(with: dataKey)
        .logRetention(days: retention)
    let signingKey = GeneratedSecret("jwt-signing-key").encrypted(with: dataKey)
    // The apps' own database password: see CRMTask and DatabaseRole.
    let appPassword = GeneratedSecret.databasePassword("database-app-password").encrypted(with: dataKey)
    let appRole = CRMTask.appRole(db, password: appPassword)
    // Load balancer access logs (SSE-S3: the log delivery cannot use a KMS key).
    let logs = Bucket("logs")
        .encryption(.s3Managed)
        .versioned(false)
        .expireObjects(after: retention)
        .acceptingLogs(from: .s3ServerAccessLogs, .loadBalancer)
    let images = CRMImages()

    // MARK: app
    let api = CRMTask.service(env, network: net, database: db, appRole: appRole, signingKey: signingKey, images: images, tag: tag)
        .size(settings.apiSize)
        .scaling(min: settings.apiTasks, max: settings.apiTasksMax)
        .capacity(settings.fargateSpot ? .spot : .onDemand)
        .logRetention(days: retention)
    let apiDomain = "api.\(domain)"
    let certificate = Certificate("api", domain: apiDomain, in: zone)
    let loadBalancer = LoadBalancer("api", fronting: api, in: net, certificate: certificate.arn)
        .accessLogs(to: logs.bucketName)
        .domainName(apiDomain, in: zone)
    let firewall = WebACL("api", scope: .regional)
        .rateLimit(env.isProduction ? 3000 : 1000)
        .logRetention(days: retention)
        .protecting(loadBalancer)

    // MARK: front end
    let web = AmplifyApp("web", repository: settings.frontendRepository)
        .environment("NEXT_PUBLIC_GRAPHQL_URL", "https://\(apiDomain)/graphql")
        .customDomain(domain)

    let alarms = loadBalancer.recommendedAlarms() + api.recommendedAlarms() + db.recommendedAlarms()

    Stack("network") {
        net
        zone
    }
    Stack("data") {
        if let dataKey { dataKey }
        logs
        db
        signingKey
        appPassword
        images
    }
    Stack("app") {
        certificate
        api
        loadBalancer
        firewall
    }
    Stack("frontend") { web }
    Stack("monitoring") {
        Alarms("crm", notifying: env.alarms) { alarms }
        Dashboard("crm") { alarms.map(Graph.init(of:)) }
        Budget("monthly", limitUSD: settings.monthlyBudgetUSD).notify(email: env.alarms.email)
    }
}
// Locally each container that uses the database also reads it as one URL (the images are built in crm-backend).
.runningLocally(LocalRun(databaseURLVariable: "DATABASE_URL"))
