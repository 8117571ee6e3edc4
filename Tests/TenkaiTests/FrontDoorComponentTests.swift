import Tenkai
import TenkaiCore
import Testing

/// LoadBalancer and SecurityBaseline: defaults, modifiers, references and the errors their bad
/// settings give.
@Suite struct FrontDoorComponentTests {
    static let network = Network("main", availabilityZones: 2)
    static let web = Service("web", in: network) {
        Container("app", image: .registry("public.ecr.aws/docker/library/nginx:1.27")) { Port(8080, health: "/healthz", readiness: "/readyz") }
    }
    static let certificate = Fixtures.queue("cert")

    /// The network, a certificate stand-in, the service and `loadBalancer`, in one stack.
    static func resources(_ loadBalancer: LoadBalancer, in environment: EnvironmentConfig = Fixtures.dev) throws -> [String: Resource] {
        try Components.resources(environment) {
            network
            certificate
            web
            loadBalancer
        }
    }

    static func attributes(_ resource: Resource?) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: (resource?.properties["LoadBalancerAttributes"]?.listValue ?? []).compactMap { item in
            item[path: "Key"]?.stringValue.map { ($0, item[path: "Value"] ?? .string("")) }
        })
    }

    // MARK: LoadBalancer

    @Test func aLoadBalancersDefaults() throws {
        let resources = try Self.resources(LoadBalancer("web", fronting: Self.web, in: Self.network, certificate: Self.certificate.arn))
        let balancer = try #require(resources["WebLoadBalancer"])
        #expect(balancer.properties["Scheme"] == "internet-facing")
        #expect(balancer.properties["Subnets"] == [.ref("MainVpcPublicSubnet1"), .ref("MainVpcPublicSubnet2")])
        let attributes = Self.attributes(balancer)
        #expect(attributes["routing.http.drop_invalid_header_fields.enabled"] == "true")
        #expect(attributes["deletion_protection.enabled"] == "false")
        #expect(attributes["idle_timeout.timeout_seconds"] == "60")
        #expect(attributes["access_logs.s3.enabled"] == nil)
        let https = try #require(resources["WebLoadBalancerHttpsListener"])
        #expect(https.properties["SslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06")
        #expect(https.properties["Certificates"] == [["CertificateArn": .getAtt("Cert", "Arn")]])
        #expect(https.properties["DefaultActions"] == [["Type": "forward", "TargetGroupArn": .ref("WebLoadBalancerBlueTargetGroup")]])
        #expect(resources["WebLoadBalancerHttpListener"]?.properties["DefaultActions"]?.listValue?.first?[path: "RedirectConfig.StatusCode"] == "HTTP_301")
        for color in ["Blue", "Green"] {
            let group = try #require(resources["WebLoadBalancer\(color)TargetGroup"])
            #expect(group.properties["HealthCheckPath"] == "/readyz", "checked on the readiness path")
            #expect(group.properties["Port"] == 8080 && group.properties["TargetType"] == "ip")
        }
        let ingress = resources["WebLoadBalancerSecurityGroup"]?.properties["SecurityGroupIngress"]?.listValue ?? []
        #expect(ingress.compactMap { $0[path: "FromPort"] } == [443, 80])
        #expect(resources["WebLoadBalancerSecurityGroupEgress"]?.properties["FromPort"] == 8080, "reaches the tasks on their port only")
        #expect(resources["WebLoadBalancerToServiceIngress"]?.properties["SourceSecurityGroupId"] == .getAtt("WebLoadBalancerSecurityGroup", "GroupId"))
    }

    @Test func loadBalancerModifiers() throws {
        let resources = try Components.resources {
            let zone = DNS("main", domain: "shop.example.com")
            Self.network
            Self.certificate
            zone
            Bucket("logs").encryption(.s3Managed).acceptingLogs(from: .loadBalancer)
            Self.web
            LoadBalancer("web", fronting: Self.web, in: Self.network, certificate: Self.certificate.arn)
                .accessLogs(to: Bucket("logs").bucketName).sslPolicy("ELBSecurityPolicy-TLS13-1-3-2021-06").idleTimeout(seconds: 120)
                .deletionProtection(true).reachable(from: .cloudFront).domainName("origin.shop.example.com", in: zone)
        }
        let attributes = Self.attributes(resources["WebLoadBalancer"])
        #expect(attributes["access_logs.s3.enabled"] == "true" && attributes["access_logs.s3.bucket"] == .ref("LogsBucket"))
        #expect(attributes["access_logs.s3.prefix"] == "web-load-balancer")
        #expect(attributes["idle_timeout.timeout_seconds"] == "120" && attributes["deletion_protection.enabled"] == "true")
        #expect(resources["WebLoadBalancerHttpsListener"]?.properties["SslPolicy"] == "ELBSecurityPolicy-TLS13-1-3-2021-06")
        #expect(resources["WebLoadBalancerHttpListener"] == nil, "CloudFront connects over HTTPS only")
        let ingress = resources["WebLoadBalancerSecurityGroup"]?.properties["SecurityGroupIngress"]?.listValue ?? []
        #expect(ingress.count == 1 && ingress.first?[path: "CidrIp"] == nil && ingress.first?[path: "SourcePrefixListId"] != nil)
        let alias = try #require(resources["WebLoadBalancerAliasRecord"])
        #expect(alias.properties["Name"] == "origin.shop.example.com" && alias.properties["HostedZoneId"] == .ref("MainZone"))
    }

    @Test func productionLoadBalancersAreProtectedFromDeletion() throws {
        let resources = try Self.resources(LoadBalancer("web", fronting: Self.web, in: Self.network, certificate: Self.certificate.arn), in: Fixtures.prod)
        #expect(Self.attributes(resources["WebLoadBalancer"])["deletion_protection.enabled"] == "true")
    }

    @Test func loadBalancerReferences() {
        let balancer = LoadBalancer("web", fronting: Self.web, in: Self.network, certificate: Self.certificate.arn)
        #expect(balancer.arn.value == .ref("WebLoadBalancer"))
        #expect(balancer.dnsName.value == .getAtt("WebLoadBalancer", "DNSName"))
        #expect(balancer.fullName.value == .getAtt("WebLoadBalancer", "LoadBalancerFullName"))
        #expect(balancer.blueTargetGroup.value == .ref("WebLoadBalancerBlueTargetGroup"))
        #expect(balancer.greenTargetGroup.value == .ref("WebLoadBalancerGreenTargetGroup"))
        #expect(balancer.httpsListener.value == .ref("WebLoadBalancerHttpsListener"))
    }

    @Test func aLoadBalancerBeforeItsServiceOrWithoutAHealthPathOrWithALongNameIsAnError() {
        let early = Components.errors {
            Self.network
            Self.certificate
            LoadBalancer("web", fronting: Self.web, in: Self.network, certificate: Self.certificate.arn)
            Self.web
        }
        #expect(early.contains("service web must be declared before its load balancer, in the same stack"), "\(early)")
        let unchecked = Service("quiet", in: Self.network) { Container("app", image: .registry("example/app:1")) { Port(8080) } }
        let blind = Components.errors {
            Self.network
            Self.certificate
            unchecked
            LoadBalancer("quiet", fronting: unchecked, in: Self.network, certificate: Self.certificate.arn)
        }
        #expect(blind.contains("service quiet has no container port with a health-check path"), "\(blind)")
        let long = Components.errors {
            Self.network
            Self.certificate
            Self.web
            LoadBalancer("a-very-long-load-balancer", fronting: Self.web, in: Self.network, certificate: Self.certificate.arn)
        }
        #expect(long.contains { $0.hasPrefix("load balancer and target group names are at most 32 characters; 'shop-dev-a-very-long-load-balancer-green'") }, "\(long)")
    }

    // MARK: SecurityBaseline

    @Test func theBaselineTurnsOnTheAccountsSecurityServices() throws {
        let resources = try Components.resources { SecurityBaseline() }
        let detector = try #require(resources["BaselineGuardDutyDetector"])
        #expect(detector.properties["Features"]?.listValue?.compactMap { $0[path: "Name"]?.stringValue } == [
            "S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "RUNTIME_MONITORING",
        ])
        #expect(resources["BaselineSecurityHub"] != nil)
        #expect(resources["BaselineFoundationalStandard"]?.dependsOn == ["BaselineSecurityHub"])
        #expect(resources["BaselineConfigRecorder"]?.properties["RecordingGroup"] == ["AllSupported": true, "IncludeGlobalResourceTypes": true])
        #expect(resources["BaselineInspector"]?.properties["ResourceTypes"] == ["ECR", "LAMBDA"])
        #expect(resources["BaselineInspectorEnablerLogGroup"]?.properties["RetentionInDays"] == 365)
        #expect(resources["BaselineTrail"] == nil, "CloudTrail is off unless asked for")
        let config = try #require(resources["BaselineConfigBucket"])
        #expect(config.properties["LoggingConfiguration"]?[path: "DestinationBucketName"] == .ref("BaselineS3LogsBucket"))
        #expect(config.properties["LifecycleConfiguration"]?[path: "Rules"]?.listValue?.contains { $0[path: "ExpirationInDays"] == 2555 } == true)
    }

    @Test func aTrailIsMultiRegionValidatedAndEncryptedWithItsOwnKey() throws {
        let resources = try Components.resources {
            Bucket("logs").encryption(.s3Managed).acceptingLogs(from: .s3ServerAccessLogs)
            SecurityBaseline().cloudTrail(true).accessLogs(to: Bucket("logs").bucketName).logRetention(days: 90)
        }
        let trail = try #require(resources["BaselineTrail"])
        #expect(trail.properties["IsMultiRegionTrail"] == true && trail.properties["EnableLogFileValidation"] == true)
        #expect(trail.properties["KMSKeyId"] == .getAtt("BaselineTrailKey", "Arn"))
        #expect(trail.properties["S3BucketName"] == .ref("BaselineTrailBucket"))
        #expect(trail.dependsOn == ["BaselineTrailBucketPolicy"])
        #expect(resources["BaselineTrailKey"]?.properties["KeyPolicy"]?[path: "Statement"]?.listValue?.last?[path: "Principal"] == ["Service": "cloudtrail.amazonaws.com"])
        #expect(resources["BaselineS3LogsBucket"] == nil, "access logs go where accessLogs(to:) says")
        #expect(resources["BaselineTrailBucket"]?.properties["LoggingConfiguration"]?[path: "DestinationBucketName"] == .ref("LogsBucket"))
        #expect(resources["BaselineInspectorEnablerLogGroup"]?.properties["RetentionInDays"] == 90)
    }

    @Test func existingAccountSingletonsAreLeftOut() throws {
        let errors = Components.errors {
            SecurityBaseline().accountSingletons(guardDuty: .existing, securityHub: .existing, configRecorder: .existing).inspector(false)
        }
        #expect(errors == ["stack has no resources"], "everything left out: \(errors)")
        let someExisting = try Components.resources { SecurityBaseline().accountSingletons(guardDuty: .existing).config(false).inspector(false) }
        #expect(someExisting.keys.sorted() == ["BaselineFoundationalStandard", "BaselineSecurityHub"])
    }
}
