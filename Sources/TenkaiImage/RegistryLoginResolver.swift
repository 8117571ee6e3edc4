import AWSClient

/// How `tenkai image push` logs in to a registry: an ECR registry
/// (`<account>.dkr.ecr.<region>.amazonaws.com`) with `ecr:GetAuthorizationToken` in that
/// region and the usual AWS credential chain; any other registry with
/// `TENKAI_REGISTRY_USERNAME` and `TENKAI_REGISTRY_PASSWORD` when both are set (never a
/// command-line argument, which other users can read), else without credentials.
public enum RegistryLoginResolver {
    public static func credentials(for reference: ImageReference, environment: [String: String]) async throws -> RegistryClient.Credentials {
        if let region = reference.ecrRegion {
            var environment = environment
            environment["AWS_REGION"] = region
            do {
                let login = try await ECR(try AWSSession.fromEnvironment(environment)).registryLogin()
                return .basic(username: login.username, password: login.password)
            } catch {
                throw ImageError(
                    "cannot log in to \(reference.registry): ecr:GetAuthorizationToken in \(region) failed: \(error). "
                    + "Check the AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, …) and that they may call ecr:GetAuthorizationToken")
            }
        }
        if let username = environment["TENKAI_REGISTRY_USERNAME"], let password = environment["TENKAI_REGISTRY_PASSWORD"] {
            return .basic(username: username, password: password)
        }
        return .none
    }
}
