extension AWSService {
    /// Route 53's API: REST with XML, one global endpoint signed for us-east-1.
    public static let route53 = AWSService(
        name: "Route53", environmentID: "ROUTE_53", endpointPrefix: "route53", signingName: "route53",
        apiVersion: "2013-04-01", wireProtocol: .restXML,
        globalEndpoint: GlobalEndpoint(host: "route53.amazonaws.com", signingRegion: "us-east-1")
    )
}
