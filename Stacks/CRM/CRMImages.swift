import Tenkai

/// The CRM's container images, one ECR repository each, built by the CRM's own repositories'
/// pipelines (locally, compose runs them by name: `crm/<repository>:<tag>`).
struct CRMImages {
    let migrate = Repository("migrate")
    let staffAPI = Repository("staff-api")
    let userAPI = Repository("user-api")
    let inquiryAPI = Repository("inquiry-api")
    let gateway = Repository("gateway")
    let proxy = Repository("proxy")

    var all: [any Component] {
        [migrate, staffAPI, userAPI, inquiryAPI, gateway, proxy].map { $0.suppress(scanner: .checkov("CKV_AWS_136"), reason: Repository.imagesEncryptionReason) }
    }
}
