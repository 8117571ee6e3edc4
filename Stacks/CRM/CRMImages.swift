import Tenkai

/// The CRM's container images, one ECR repository each, built from the CRM back end's own
/// repository (`crm-backend`, one folder per service, each with a multi-stage Dockerfile) by its
/// pipeline, then pushed with `docker save … | tenkai image push` (locally, compose runs them by
/// name: `crm/<repository>:<tag>`).
///
/// Build inputs per image (context relative to `crm-backend`; every image runs as the task's
/// `1000:1000` on a read-only root file system, and the health checks need `sh` and `wget` in
/// it, so these are not distroless):
///
/// | image | context | runs |
/// | --- | --- | --- |
/// | migrate | `db` | `migrate up --seed`, then exits |
/// | staff-api | `services/staff-api` | HTTP 8081, gRPC 50051 (auth) |
/// | user-api | `services/user-api` | HTTP 8082 |
/// | inquiry-api | `services/inquiry-api` | HTTP 8083 |
/// | gateway | `services/gateway` | GraphQL federation, 4000 |
/// | proxy | `services/proxy` | 8080, JWT check in front of the gateway |
///
/// The same table as data, with the variables each image reads: ``CRMImageSpec``. One
/// composite, so the component tree shows the repositories under `crm/data/images/`.
struct CRMImages: Composite {
    static let source = "crm-backend"
    let name = "images"
    var kind: String { "CRMImages" }

    let migrate = CRMImageSpec.named("migrate").repository
    let staffAPI = CRMImageSpec.named("staff-api").repository
    let userAPI = CRMImageSpec.named("user-api").repository
    let inquiryAPI = CRMImageSpec.named("inquiry-api").repository
    let gateway = CRMImageSpec.named("gateway").repository
    let proxy = CRMImageSpec.named("proxy").repository

    var children: [any Component] {
        [migrate, staffAPI, userAPI, inquiryAPI, gateway, proxy].map { $0.suppress(scanner: .checkov("CKV_AWS_136"), reason: Repository.imagesEncryptionReason) }
    }
}
