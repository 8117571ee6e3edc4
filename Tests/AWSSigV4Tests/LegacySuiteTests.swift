import AWSSigV4
import Foundation
import Testing

/// The original 2015 AWS suite as botocore keeps it (`legacy-aws4_testsuite/`, with the
/// `normalize-path/` and `post-sts-token/` groups): header mode, normalised paths, the body always
/// hashed, no `x-amz-content-sha256` header.
@Suite("AWS 2015 suite (botocore copy)")
struct LegacySuiteTests {
    let signer = SigV4Signer()

    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let amzDate = "20150830T123600Z"

    /// The suite's readme: in `post-sts-header-after` the token is added after the signature is computed.
    static let tokenAddedAfterSigning: Set<String> = ["post-sts-token/post-sts-header-after"]

    @Test("header signing", arguments: SuiteData.legacyCasePaths)
    func headerSigning(casePath: String) throws {
        let name = casePath.split(separator: "/").last.map(String.init) ?? casePath
        let folder = SuiteData.legacy.appendingPathComponent(casePath)
        func file(_ suffix: String) throws -> String {
            try SuiteData.read(folder.appendingPathComponent("\(name).\(suffix)"))
        }
        let raw = try RawHTTPRequest(parsing: file("req"))

        // The 2015 requests already carry X-Amz-Date (and sometimes the token); this signer sets both
        // itself, so they are taken out and given to it as the date and the credentials.
        #expect(raw.values(of: "x-amz-date") == [Self.amzDate])
        let signedRequest = try RawHTTPRequest(parsing: file("sreq"))
        var credentials = Self.credentials
        credentials.sessionToken = signedRequest.values(of: "x-amz-security-token").first
        let headers = raw.headers
            .filter { !["x-amz-date", "x-amz-security-token"].contains($0.name.lowercased()) }
            .map { SigV4Request.Header(name: $0.name, value: $0.value) }
        let host = raw.values(of: "host").first ?? ""
        let request = try SigV4Request(
            method: raw.method, url: "https://\(host)\(raw.target)", headers: headers, payload: .bytes(Array(raw.body.utf8))
        )
        var configuration = SigningConfiguration.default(service: "service", region: "us-east-1")
        configuration.signsContentLength = true
        if Self.tokenAddedAfterSigning.contains(casePath) { configuration.sessionTokenPlacement = .addedAfterSigning }
        let date = try SuiteData.date("2015-08-30T12:36:00Z")

        let details = try signer.signingDetails(for: request, credentials: credentials, configuration: configuration, date: date, mode: .header)
        #expect(details.canonicalRequest == (try file("creq")))
        #expect(details.stringToSign == (try file("sts")))
        let signature = try signer.sign(request, credentials: credentials, configuration: configuration, date: date)
        #expect(signature.authorization == (try file("authz")))
        #expect(signature.amzDate == Self.amzDate)
        #expect(signature.headers.first { $0.name == "X-Amz-Security-Token" }?.value == credentials.sessionToken)
    }
}
