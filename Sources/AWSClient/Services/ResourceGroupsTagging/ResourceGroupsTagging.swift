/// The Resource Groups Tagging API's `GetResources`: every resource of a region carrying given
/// tags, whatever service it belongs to — how `tenkai gc` finds what Tenkai made.
///
/// ```swift
/// let tagged = try await ResourceGroupsTagging(session).resources(taggedWith: ["tenkai:environment": "dev"])
/// ```
public struct ResourceGroupsTagging: Sendable {
    public let session: AWSSession

    public static let service = AWSService(
        name: "ResourceGroupsTaggingAPI", environmentID: "RESOURCE_GROUPS_TAGGING_API", endpointPrefix: "tagging",
        signingName: "tagging", apiVersion: "2017-01-26", wireProtocol: .json(version: "1.1", targetPrefix: "ResourceGroupsTaggingAPI_20170126"))

    /// A resource and its tags.
    public struct TaggedResource: Sendable, Hashable {
        public var arn: String
        public var tags: [String: String]
    }

    public init(_ session: AWSSession) {
        self.session = session
    }

    /// Every resource with each of `tags` (key and value), following the pages.
    public func resources(taggedWith tags: [String: String]) async throws -> [TaggedResource] {
        var found: [TaggedResource] = []
        var token: String?
        repeat {
            let filters = tags.keys.sorted().map { GetResourcesInput.Filter(Key: $0, Values: [tags[$0]!]) }
            let page = try await session.json(
                Self.service, "GetResources", GetResourcesInput(TagFilters: filters, PaginationToken: token), as: GetResourcesOutput.self)
            found += page.ResourceTagMappingList.map { mapping in
                TaggedResource(arn: mapping.ResourceARN, tags: Dictionary(mapping.Tags.map { ($0.Key, $0.Value) }, uniquingKeysWith: { $1 }))
            }
            token = page.PaginationToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return found
    }
}

private struct GetResourcesInput: Encodable {
    struct Filter: Encodable {
        var Key: String
        var Values: [String]
    }
    var TagFilters: [Filter]
    var PaginationToken: String?
}

private struct GetResourcesOutput: Decodable {
    struct Mapping: Decodable {
        struct Tag: Decodable {
            var Key: String
            var Value: String
        }
        var ResourceARN: String
        var Tags: [Tag]
    }
    var PaginationToken: String?
    var ResourceTagMappingList: [Mapping]
}
