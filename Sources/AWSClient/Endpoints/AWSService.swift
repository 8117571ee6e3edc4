/// What the shared machinery needs to know about one AWS service: how to reach it, sign for it
/// and talk to it. Each service client declares one.
public struct AWSService: Sendable, Equatable {
    /// The wire protocol the service speaks.
    public enum WireProtocol: Sendable, Equatable {
        /// Form-encoded POST (`Action=…&Version=…`), XML answers: CloudFormation, STS, ELBv2, CloudWatch, IAM.
        case query
        /// REST with XML bodies: S3.
        case restXML
        /// JSON over POST with `X-Amz-Target: <targetPrefix>.<Operation>`: ECS (1.1), and others (1.0).
        case json(version: String, targetPrefix: String)
    }

    /// Which SigV4 rules apply: S3 signs its path verbatim and sends `x-amz-content-sha256`.
    public enum SigningRules: Sendable, Equatable {
        case standard
        case s3
    }

    /// How a service without regional endpoints is reached.
    public struct GlobalEndpoint: Sendable, Equatable {
        /// Host in the `aws` partition, e.g. `iam.amazonaws.com`.
        public var host: String
        /// The region its signatures are scoped to there (`us-east-1`).
        public var signingRegion: String
    }

    /// Readable name for messages (`CloudFormation`).
    public var name: String
    /// The service ID of `AWS_ENDPOINT_URL_<ID>` (`CLOUDFORMATION`, `ELASTIC_LOAD_BALANCING_V2`).
    public var environmentID: String
    /// The first label of its hostnames (`cloudformation`, `elasticloadbalancing`, `monitoring`).
    public var endpointPrefix: String
    /// The service name in signatures (`cloudformation`, `s3`, `monitoring`).
    public var signingName: String
    /// The API version query services send.
    public var apiVersion: String
    public var wireProtocol: WireProtocol
    public var signingRules: SigningRules
    /// Set for global services (IAM, CloudFront) in the `aws` partition.
    public var globalEndpoint: GlobalEndpoint?

    public init(
        name: String, environmentID: String, endpointPrefix: String, signingName: String, apiVersion: String,
        wireProtocol: WireProtocol, signingRules: SigningRules = .standard, globalEndpoint: GlobalEndpoint? = nil
    ) {
        self.name = name
        self.environmentID = environmentID
        self.endpointPrefix = endpointPrefix
        self.signingName = signingName
        self.apiVersion = apiVersion
        self.wireProtocol = wireProtocol
        self.signingRules = signingRules
        self.globalEndpoint = globalEndpoint
    }
}

extension AWSService {
    public static let cloudFormation = AWSService(
        name: "CloudFormation", environmentID: "CLOUDFORMATION", endpointPrefix: "cloudformation",
        signingName: "cloudformation", apiVersion: "2010-05-15", wireProtocol: .query
    )
    public static let s3 = AWSService(
        name: "S3", environmentID: "S3", endpointPrefix: "s3", signingName: "s3", apiVersion: "2006-03-01",
        wireProtocol: .restXML, signingRules: .s3
    )
    public static let sts = AWSService(
        name: "STS", environmentID: "STS", endpointPrefix: "sts", signingName: "sts", apiVersion: "2011-06-15",
        wireProtocol: .query
    )
    public static let elasticLoadBalancingV2 = AWSService(
        name: "ELBv2", environmentID: "ELASTIC_LOAD_BALANCING_V2", endpointPrefix: "elasticloadbalancing",
        signingName: "elasticloadbalancing", apiVersion: "2015-12-01", wireProtocol: .query
    )
    public static let ecs = AWSService(
        name: "ECS", environmentID: "ECS", endpointPrefix: "ecs", signingName: "ecs", apiVersion: "2014-11-13",
        wireProtocol: .json(version: "1.1", targetPrefix: "AmazonEC2ContainerServiceV20141113")
    )
    public static let ecr = AWSService(
        name: "ECR", environmentID: "ECR", endpointPrefix: "api.ecr", signingName: "ecr", apiVersion: "2015-09-21",
        wireProtocol: .json(version: "1.1", targetPrefix: "AmazonEC2ContainerRegistry_V20150921")
    )
    public static let cloudWatch = AWSService(
        name: "CloudWatch", environmentID: "CLOUDWATCH", endpointPrefix: "monitoring", signingName: "monitoring",
        apiVersion: "2010-08-01", wireProtocol: .query
    )
    public static let iam = AWSService(
        name: "IAM", environmentID: "IAM", endpointPrefix: "iam", signingName: "iam", apiVersion: "2010-05-08",
        wireProtocol: .query, globalEndpoint: GlobalEndpoint(host: "iam.amazonaws.com", signingRegion: "us-east-1")
    )
    public static let cloudFront = AWSService(
        name: "CloudFront", environmentID: "CLOUDFRONT", endpointPrefix: "cloudfront", signingName: "cloudfront",
        apiVersion: "2020-05-31", wireProtocol: .restXML,
        globalEndpoint: GlobalEndpoint(host: "cloudfront.amazonaws.com", signingRegion: "us-east-1")
    )
}
