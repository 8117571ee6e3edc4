extension AWSService {
    /// EC2: the query protocol's form requests, answered without a `…Result` wrapper and with
    /// camelCase elements (read by ``EC2``).
    public static let ec2 = AWSService(
        name: "EC2", environmentID: "EC2", endpointPrefix: "ec2", signingName: "ec2", apiVersion: "2016-11-15", wireProtocol: .query
    )
    public static let autoScaling = AWSService(
        name: "AutoScaling", environmentID: "AUTO_SCALING", endpointPrefix: "autoscaling", signingName: "autoscaling",
        apiVersion: "2011-01-01", wireProtocol: .query
    )
}
