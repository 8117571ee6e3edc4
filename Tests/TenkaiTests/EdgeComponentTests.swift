import Tenkai
import TenkaiCore
import Testing

/// Network, DNS, Certificate, CDN and AmplifyApp: defaults, modifiers, references and the
/// errors their bad settings give.
@Suite struct EdgeComponentTests {
    // MARK: Network

    @Test func aNetworkOfTwoZonesWithOneNATGateway() throws {
        let resources = try Components.resources { Network("main", availabilityZones: 2).natGateways(.single) }
        let vpc = try #require(resources["MainVpc"])
        #expect(vpc.properties["CidrBlock"] == "10.0.0.0/16")
        #expect(vpc.properties["EnableDnsHostnames"] == true)
        let subnets = resources.filter { $0.value.type == "AWS::EC2::Subnet" }
        #expect(subnets.keys.sorted() == [
            "MainVpcIsolatedSubnet1", "MainVpcIsolatedSubnet2", "MainVpcPrivateSubnet1", "MainVpcPrivateSubnet2",
            "MainVpcPublicSubnet1", "MainVpcPublicSubnet2",
        ])
        #expect(subnets.values.allSatisfy { $0.properties["MapPublicIpOnLaunch"] == false })
        #expect(Set(subnets.values.compactMap { $0.properties["CidrBlock"]?.stringValue }).count == 6, "no two subnets overlap")
        #expect(resources.values.filter { $0.type == "AWS::EC2::NatGateway" }.count == 1)
        #expect(resources["MainVpcPrivateDefaultRoute2"]?.properties["NatGatewayId"] == .ref("MainVpcNatGateway1"), "zone 2 shares zone 1's gateway")
        #expect(resources["MainVpcS3Endpoint"]?.properties["VpcEndpointType"] == "Gateway")
        #expect(resources["MainVpcFlowLog"]?.properties["TrafficType"] == "ALL")
        #expect(resources["MainVpcFlowLogGroup"]?.properties["RetentionInDays"] == 90)
        #expect(!resources.keys.contains { $0.hasPrefix("MainVpcIsolatedDefaultRoute") }, "isolated subnets have no route out")
    }

    @Test func networkModifiers() throws {
        let resources = try Components.resources {
            Network("main", availabilityZones: 3).natGateways(.count(2)).cidr("10.8.0.0/16").flowLogRetention(days: 365)
        }
        #expect(resources["MainVpc"]?.properties["CidrBlock"] == "10.8.0.0/16")
        #expect(resources.values.filter { $0.type == "AWS::EC2::NatGateway" }.count == 2)
        #expect(resources["MainVpcPrivateDefaultRoute3"]?.properties["NatGatewayId"] == .ref("MainVpcNatGateway1"))
        #expect(resources["MainVpcFlowLogGroup"]?.properties["RetentionInDays"] == 365)
        #expect(resources.values.compactMap { $0.properties["CidrBlock"]?.stringValue }.filter { $0 != "10.8.0.0/16" }.allSatisfy { $0.hasPrefix("10.8.") })
    }

    @Test func networkReferences() {
        let network = Network("main", availabilityZones: 2)
        #expect(network.vpcID.value == .ref("MainVpc"))
        #expect(network.privateSubnets.map(\.value) == [.ref("MainVpcPrivateSubnet1"), .ref("MainVpcPrivateSubnet2")])
        #expect(network.publicSubnets.count == 2 && network.isolatedSubnets.count == 2)
    }

    @Test func badNetworkSettingsAreErrors() {
        #expect(Components.errors { Network("main", availabilityZones: 7) }.contains("a network spans 1 to 6 availability zones, not 7"))
        #expect(Components.errors { Network("main", availabilityZones: 2).natGateways(.count(0)) }
            .contains("a network needs at least one NAT gateway, not 0"))
        #expect(Components.errors { Network("main", availabilityZones: 2).cidr("10.0.0.0/8") }.contains { $0.hasPrefix("the network's CIDR block: ") })
    }

    @Test func natGatewaySettingsAsEnvironmentFilesWriteThem() {
        #expect(Network.NatGateways(setting: "single") == .single)
        #expect(Network.NatGateways(setting: "perZone") == .perZone)
        #expect(Network.NatGateways(setting: "2") == .count(2))
        #expect(Network.NatGateways(setting: "0") == nil && Network.NatGateways(setting: "many") == nil)
        #expect(Network.NatGateways.count(5).gateways(zones: 3) == 3)
    }

    // MARK: DNS and Certificate

    @Test func aZoneAndACertificateValidatedThroughIt() throws {
        let outputs = try Components.outputs {
            let zone = DNS("main", domain: "shop.example.com")
            zone
            Certificate("api", domain: "api.shop.example.com", alternativeNames: ["www.shop.example.com"], in: zone)
        }
        let resources = try Components.resources {
            let zone = DNS("main", domain: "shop.example.com")
            zone
            Certificate("api", domain: "api.shop.example.com", alternativeNames: ["www.shop.example.com"], in: zone)
        }
        #expect(resources["MainZone"]?.properties["Name"] == "shop.example.com")
        #expect(outputs["MainZoneNameServers"]?.value == .function("Fn::Join", [",", .getAtt("MainZone", "NameServers")]))
        let certificate = try #require(resources["ApiCertificate"])
        #expect(certificate.properties["ValidationMethod"] == "DNS")
        #expect(certificate.properties["SubjectAlternativeNames"] == ["www.shop.example.com"])
        #expect(certificate.properties["DomainValidationOptions"] == [
            ["DomainName": "api.shop.example.com", "HostedZoneId": .ref("MainZone")],
            ["DomainName": "www.shop.example.com", "HostedZoneId": .ref("MainZone")],
        ])
        #expect(certificate.properties["CertificateTransparencyLoggingPreference"] == "ENABLED")
        #expect(Certificate("api", domain: "a.example.com", in: DNS("main", domain: "example.com")).arn.value == .ref("ApiCertificate"))
    }

    @Test func aCertificateWithoutAlternativeNamesHasNoEmptyList() throws {
        let resources = try Components.resources {
            let zone = DNS("main", domain: "shop.example.com")
            zone
            Certificate("api", domain: "api.shop.example.com", in: zone)
        }
        #expect(resources["ApiCertificate"]?.properties["SubjectAlternativeNames"] == nil)
    }

    // MARK: CDN

    @Test func aDistributionsDefaultsAndAliasRecords() throws {
        let resources = try Components.resources {
            let zone = DNS("main", domain: "shop.example.com")
            zone
            Fixtures.queue("cert")
            CDN("web", origin: "origin.shop.example.com", aliases: ["shop.example.com"], certificate: Fixtures.queue("cert").arn, zone: zone)
        }
        let config = try #require(resources["WebDistribution"]?.properties["DistributionConfig"])
        #expect(config[path: "DefaultCacheBehavior.ViewerProtocolPolicy"] == "https-only")
        #expect(config[path: "ViewerCertificate.MinimumProtocolVersion"] == "TLSv1.2_2021")
        #expect(config[path: "ViewerCertificate.AcmCertificateArn"] == .getAtt("Cert", "Arn"))
        #expect(config[path: "PriceClass"] == "PriceClass_200")
        #expect(config[path: "Aliases"] == ["shop.example.com"])
        #expect(config[path: "WebACLId"] == nil && config[path: "Logging"] == nil)
        #expect(config[path: "Origins"]?.listValue?.first?[path: "CustomOriginConfig.OriginProtocolPolicy"] == "https-only")
        for type in ["A", "AAAA"] {
            let record = try #require(resources["WebDistributionAlias1\(type)Record"])
            #expect(record.properties["AliasTarget"] == ["DNSName": .getAtt("WebDistribution", "DomainName"), "HostedZoneId": "Z2FDTNDATAQYW2"])
            #expect(record.properties["HostedZoneId"] == .ref("MainZone"))
        }
    }

    @Test func cdnModifiers() throws {
        let resources = try Components.resources {
            let zone = DNS("main", domain: "shop.example.com")
            let logs = Bucket("logs").encryption(.s3Managed).acceptingLogs(from: .cloudFront)
            zone
            logs
            Fixtures.queue("cert")
            WebACL("edge", scope: .regional)
            CDN("web", origin: "origin.shop.example.com", aliases: [], certificate: Fixtures.queue("cert").arn, zone: zone)
                .webACL(WebACL("edge", scope: .regional)).logs(to: logs).priceClass("PriceClass_All")
        }
        let config = try #require(resources["WebDistribution"]?.properties["DistributionConfig"])
        #expect(config[path: "WebACLId"] == .getAtt("EdgeWebAcl", "Arn"))
        #expect(config[path: "Logging"] == ["Bucket": .getAtt("LogsBucket", "DomainName"), "Prefix": "web-cdn/", "IncludeCookies": false])
        #expect(config[path: "PriceClass"] == "PriceClass_All")
        #expect(resources["LogsBucket"]?.properties["OwnershipControls"] == ["Rules": [["ObjectOwnership": "BucketOwnerPreferred"]]],
                "CloudFront's standard logs still write with ACLs")
        #expect(!resources.keys.contains { $0.hasPrefix("WebDistributionAlias") })
    }

    // MARK: AmplifyApp

    @Test func anAmplifyAppReadsItsGitTokenAtDeployTime() throws {
        let app = AmplifyApp("web", repository: "https://github.com/example/shop-web", branch: "release").customDomain("shop.example.com")
        let resources = try Components.resources(Fixtures.prod) { app }
        let amplify = try #require(resources["WebAmplifyApp"])
        #expect(amplify.properties["Platform"] == "WEB_COMPUTE")
        #expect(amplify.properties["AccessToken"] == "{{resolve:secretsmanager:/shop/prod/web-git-token:SecretString}}")
        #expect(amplify.properties["IAMServiceRole"] == .getAtt("WebAmplifyAppRole", "Arn"))
        #expect(amplify.properties["CustomHeaders"]?.stringValue?.contains("Strict-Transport-Security") == true)
        let branch = try #require(resources["WebAmplifyAppBranch"])
        #expect(branch.properties["BranchName"] == "release" && branch.properties["Stage"] == "PRODUCTION")
        #expect(resources["WebAmplifyAppDomain"]?.properties["DomainName"] == "shop.example.com")
        let outputs = try Components.outputs(Fixtures.prod) { app }
        #expect(outputs["WebAmplifyAppGitTokenSecret"]?.value == "/shop/prod/web-git-token")
        let dev = try Components.resources { AmplifyApp("web", repository: "https://github.com/example/shop-web") }
        #expect(dev["WebAmplifyAppBranch"]?.properties["Stage"] == "DEVELOPMENT" && dev["WebAmplifyAppDomain"] == nil)
    }

    @Test func anAmplifyAppNeedsAnHTTPSRepository() {
        let errors = Components.errors { AmplifyApp("web", repository: "git@github.com:example/shop-web.git") }
        #expect(errors.contains("the front end's repository 'git@github.com:example/shop-web.git' must be an https:// URL"))
    }

    @Test func amplifyReferences() {
        let app = AmplifyApp("web", repository: "https://github.com/example/shop-web")
        #expect(app.appID.value == .getAtt("WebAmplifyApp", "AppId"))
        #expect(app.defaultDomain.value == .getAtt("WebAmplifyApp", "DefaultDomain"))
    }
}
