import AWSSigV4
import Foundation

/// Fixed inputs for the rule tests: the suite's example keys and time, and a signer to share.
enum Fixture {
    static let signer = SigV4Signer()
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let temporaryCredentials = AWSCredentials(
        accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token/with+special=chars"
    )
    /// 2015-08-30T12:36:00Z.
    static let date = Date(timeIntervalSince1970: 1_440_938_160)
    static let service = SigningConfiguration.default(service: "service", region: "us-east-1")
    static let s3 = SigningConfiguration.s3(region: "us-east-1")

    static func request(
        _ method: String = "GET",
        path: String = "/",
        query: [SigV4Request.QueryItem] = [],
        headers: [SigV4Request.Header] = [],
        payload: SigV4Request.Payload = .empty
    ) -> SigV4Request {
        SigV4Request(
            method: method, path: path, query: query,
            headers: [.init(name: "Host", value: "example.amazonaws.com")] + headers, payload: payload
        )
    }

    static func details(
        _ request: SigV4Request,
        credentials: AWSCredentials = Fixture.credentials,
        configuration: SigningConfiguration = Fixture.service,
        mode: SigningDetails.Mode = .header
    ) throws(SigV4Error) -> SigningDetails {
        try signer.signingDetails(for: request, credentials: credentials, configuration: configuration, date: date, mode: mode)
    }

    /// One line of the canonical request: 0 method, 1 URI, 2 query, then the headers.
    static func canonicalLine(_ index: Int, of details: SigningDetails) -> String {
        String(details.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[index])
    }

    /// The `name:value` header lines of the canonical request.
    static func canonicalHeaders(of details: SigningDetails) -> [String] {
        let lines = details.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return Array(lines[3..<(lines.count - 3)])
    }
}
