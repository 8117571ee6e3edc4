import AWSClient
import Foundation
import Testing

@Suite("Endpoint resolution")
struct EndpointResolverTests {
    let standard = EndpointResolver(environment: [:])

    @Test func regionalServicesUseTheirPrefixAndRegion() throws {
        #expect(try standard.endpoint(for: .cloudFormation, region: "eu-west-1").url.absoluteString
            == "https://cloudformation.eu-west-1.amazonaws.com")
        #expect(try standard.endpoint(for: .cloudWatch, region: "ap-northeast-1").url.absoluteString
            == "https://monitoring.ap-northeast-1.amazonaws.com")
        #expect(try standard.endpoint(for: .elasticLoadBalancingV2, region: "us-east-2").url.absoluteString
            == "https://elasticloadbalancing.us-east-2.amazonaws.com")
        #expect(try standard.endpoint(for: .sts, region: "eu-central-1").url.absoluteString == "https://sts.eu-central-1.amazonaws.com")
        #expect(try standard.endpoint(for: .s3, region: "us-east-1").url.absoluteString == "https://s3.us-east-1.amazonaws.com")
    }

    @Test func chinaRegionsUseTheChinaSuffix() throws {
        let endpoint = try standard.endpoint(for: .ecs, region: "cn-north-1")
        #expect(endpoint.url.absoluteString == "https://ecs.cn-north-1.amazonaws.com.cn")
        #expect(endpoint.signingRegion == "cn-north-1")
        #expect(try standard.endpoint(for: .iam, region: "cn-northwest-1").url.absoluteString == "https://iam.cn-northwest-1.amazonaws.com.cn")
    }

    @Test func globalServicesUseOneEndpointSignedForUSEast1() throws {
        let iam = try standard.endpoint(for: .iam, region: "eu-west-1")
        #expect(iam.url.absoluteString == "https://iam.amazonaws.com")
        #expect(iam.signingRegion == "us-east-1")
        let cloudFront = try standard.endpoint(for: .cloudFront, region: "ap-southeast-2")
        #expect(cloudFront.url.absoluteString == "https://cloudfront.amazonaws.com")
        #expect(cloudFront.signingRegion == "us-east-1")
        #expect(!cloudFront.isCustom)
    }

    @Test func aServiceSpecificVariableBeatsTheGeneralOne() throws {
        let resolver = EndpointResolver(environment: [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
            "AWS_ENDPOINT_URL_CLOUDFORMATION": "http://127.0.0.1:6000",
            "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2": "http://localhost:7000",
        ])
        let cloudFormation = try resolver.endpoint(for: .cloudFormation, region: "eu-west-1")
        #expect(cloudFormation.url.absoluteString == "http://127.0.0.1:6000")
        #expect(cloudFormation.isCustom)
        #expect(cloudFormation.signingRegion == "eu-west-1")
        #expect(try resolver.endpoint(for: .s3, region: "eu-west-1").url.absoluteString == "http://127.0.0.1:5000")
        #expect(try resolver.endpoint(for: .elasticLoadBalancingV2, region: "eu-west-1").url.absoluteString == "http://localhost:7000")
        #expect(try resolver.endpoint(for: .iam, region: "eu-west-1").url.absoluteString == "http://127.0.0.1:5000")
    }

    @Test func theProfileEndpointComesLast() throws {
        let profileOnly = EndpointResolver(environment: [:], profileEndpointURL: "http://127.0.0.1:4566")
        #expect(try profileOnly.endpoint(for: .sts, region: "us-east-1").url.absoluteString == "http://127.0.0.1:4566")
        let both = EndpointResolver(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"], profileEndpointURL: "http://127.0.0.1:2")
        #expect(try both.endpoint(for: .sts, region: "us-east-1").url.absoluteString == "http://127.0.0.1:1")
    }

    @Test func configuredEndpointsCanBeIgnored() throws {
        let resolver = EndpointResolver(
            environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"],
            profileEndpointURL: "http://127.0.0.1:4566"
        )
        #expect(try resolver.endpoint(for: .sts, region: "us-west-2").url.absoluteString == "https://sts.us-west-2.amazonaws.com")
    }

    @Test func badValuesAreClearErrors() {
        let resolver = EndpointResolver(environment: ["AWS_ENDPOINT_URL_S3": "ftp://x"])
        let error = #expect(throws: ConfigurationError.self) { try resolver.endpoint(for: .s3, region: "us-east-1") }
        #expect(error?.message.contains("AWS_ENDPOINT_URL_S3") == true)
        #expect(throws: ConfigurationError.self) { try standard.endpoint(for: .s3, region: "EU West 1") }
        #expect(throws: ConfigurationError.self) { try standard.endpoint(for: .s3, region: "") }
    }

    @Test func regionsResolveInTheCLIOrder() throws {
        #expect(try RegionResolver.resolve(environment: ["AWS_REGION": "a-1", "AWS_DEFAULT_REGION": "b-1"], profile: ["region": "c-1"], fallback: "d-1") == "a-1")
        #expect(try RegionResolver.resolve(environment: ["AWS_DEFAULT_REGION": "b-1"], profile: ["region": "c-1"], fallback: "d-1") == "b-1")
        #expect(try RegionResolver.resolve(environment: [:], profile: ["region": "c-1"], fallback: "d-1") == "c-1")
        #expect(try RegionResolver.resolve(environment: [:], profile: nil, fallback: "d-1") == "d-1")
        #expect(throws: ConfigurationError.self) { try RegionResolver.resolve(environment: [:], profile: nil, fallback: nil) }
    }

    @Test func plainHTTPIsOnlyForLocalHosts() throws {
        try CurlTransportPolicyProbe.allowed("http://127.0.0.1:5000/")
        try CurlTransportPolicyProbe.allowed("http://localhost/")
        try CurlTransportPolicyProbe.allowed("http://169.254.169.254/latest")
        try CurlTransportPolicyProbe.allowed("https://s3.eu-west-1.amazonaws.com/")
        #expect(throws: HTTPTransportError.self) { try CurlTransportPolicyProbe.allowed("http://s3.eu-west-1.amazonaws.com/") }
        #expect(throws: HTTPTransportError.self) { try CurlTransportPolicyProbe.allowed("file:///etc/passwd") }
    }
}
