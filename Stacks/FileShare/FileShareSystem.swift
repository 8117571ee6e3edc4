import Tenkai

/// The B2B file-sharing service: sales staff share files and contracts with customers and
/// partners through links, with strict per-project permissions.
public let fileShare = System("fileshare", summary: "B2B file sharing for sales staff, customers and partners") { env in
    let accessLogs = Bucket("access-logs").expireNoncurrentVersions(after: 30)
    let files = Bucket("files")
        .cors(allowedOrigins: ["https://\(env.domain)"])
        .accessLogs(to: accessLogs.bucketName)

    Stack("data") {
        accessLogs
        files
    }
}
