import AWSClient
import Foundation
import Testing

@Suite("Shared config and credentials files")
struct SharedConfigFilesTests {
    @Test func configSectionsNeedTheProfilePrefix() throws {
        let files = try SharedConfigFiles.parse("""
            # comment
            [default]
            region = eu-west-1

            [profile deploy]
            role_arn = arn:aws:iam::1:role/x
            Source_Profile = base
            ; another comment
            [sso-session corp]
            sso_region = us-east-1
            """, path: "config", kind: .config)
        #expect(files.profile("default") == ["region": "eu-west-1"])
        #expect(files.profile("deploy") == ["role_arn": "arn:aws:iam::1:role/x", "source_profile": "base"])
        #expect(files.profile("corp") == nil)
    }

    @Test func credentialsSectionsAreBareNames() throws {
        let files = try SharedConfigFiles.parse("[base]\naws_access_key_id=AKID\naws_secret_access_key = a=b\n", path: "credentials", kind: .credentials)
        #expect(files.profile("base")?["aws_access_key_id"] == "AKID")
        #expect(files.profile("base")?["aws_secret_access_key"] == "a=b", "only the first = separates")
    }

    @Test func indentedLinesAreNestedSettings() throws {
        let files = try SharedConfigFiles.parse("[default]\ns3 =\n  max_concurrent_requests = 20\nregion = us-east-1\n", path: "config", kind: .config)
        #expect(files.profile("default") == ["s3": "", "s3.max_concurrent_requests": "20", "region": "us-east-1"])
    }

    @Test func mistakesNameTheFileAndLine() {
        let outside = #expect(throws: ConfigurationError.self) {
            try SharedConfigFiles.parse("region = x\n", path: "/home/u/.aws/config", kind: .config)
        }
        #expect(outside?.location == "/home/u/.aws/config:1")
        let noEquals = #expect(throws: ConfigurationError.self) {
            try SharedConfigFiles.parse("[default]\n\nregion eu-west-1\n", path: "config", kind: .config)
        }
        #expect(noEquals?.location == "config:3")
        let unknown = #expect(throws: ConfigurationError.self) {
            try SharedConfigFiles.parse("[deploy]\nregion = x\n", path: "config", kind: .config)
        }
        #expect(unknown?.help?.contains("[profile deploy]") == true)
        #expect(throws: ConfigurationError.self) { try SharedConfigFiles.parse("[default\n", path: "config", kind: .config) }
    }

    @Test func credentialsWinOverConfigAndPathsComeFromTheEnvironment() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "[default]\naws_access_key_id = FROMCONFIG\nregion = eu-west-1\n".write(to: folder.appendingPathComponent("c"), atomically: true, encoding: .utf8)
        try "[default]\naws_access_key_id = FROMCREDENTIALS\n".write(to: folder.appendingPathComponent("k"), atomically: true, encoding: .utf8)
        let files = try SharedConfigFiles.load(environment: [
            "AWS_CONFIG_FILE": folder.appendingPathComponent("c").path,
            "AWS_SHARED_CREDENTIALS_FILE": folder.appendingPathComponent("k").path,
        ])
        #expect(files.profile("default") == ["aws_access_key_id": "FROMCREDENTIALS", "region": "eu-west-1"])
        #expect(try SharedConfigFiles.load(environment: ["HOME": folder.appendingPathComponent("none").path]).profiles.isEmpty)
    }
}
