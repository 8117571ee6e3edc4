import Tenkai

/// Every system this repository deploys, in the order `tenkai list` shows them.
public let allSystems: [System] = [
    fileShare,
    stampRally,
    crm,
]

extension Repository {
    /// Why the systems' image repositories keep ECR's default encryption (checkov CKV_AWS_136).
    static let imagesEncryptionReason = "images hold the apps' code and no customer data; ECR encrypts every layer at rest "
        + "(AES-256, S3-managed keys), and a customer key would add a key grant to every image pull"
}
