/// The AWS regions this tenkai knows, so a typo (`ap-northeast-9`) is an error at synth rather
/// than a deploy that fails to find an endpoint.
public enum AWSRegions {
    public static let known: Set<String> = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1", "sa-east-1",
        "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
        "il-central-1", "me-south-1", "me-central-1", "af-south-1",
        "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
        "ap-southeast-7",
        "us-gov-east-1", "us-gov-west-1", "cn-north-1", "cn-northwest-1", "eusc-de-east-1",
    ]

    /// The known regions that share `region`'s first part (`ap-…`), for a hint.
    public static func similar(to region: String) -> [String] {
        let prefix = region.split(separator: "-").first.map { "\($0)-" } ?? ""
        return known.filter { $0.hasPrefix(prefix) }.sorted()
    }
}
