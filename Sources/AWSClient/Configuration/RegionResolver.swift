/// Picks the region like the AWS CLI: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's
/// `region`, then the caller's default (the environment file's region).
///
/// ```swift
/// let region = try RegionResolver.resolve(environment: env, profile: files.profile("default"), fallback: "eu-west-1")
/// ```
public enum RegionResolver {
    public static func resolve(
        environment: [String: String], profile: [String: String]?, fallback: String?
    ) throws(ConfigurationError) -> String {
        let candidates = [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"], profile?["region"], fallback]
        guard let region = candidates.compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw ConfigurationError(
                "no AWS region is configured",
                help: "set AWS_REGION, a region in the AWS profile, or region in the environment file"
            )
        }
        guard EndpointResolver.isValidRegion(region) else {
            throw ConfigurationError("invalid AWS region \"\(region)\"", help: "use a name like eu-west-1")
        }
        return region
    }
}
