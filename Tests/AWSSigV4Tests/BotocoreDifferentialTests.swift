import AWSSigV4
import Foundation
import Testing
import TestSupport

/// Random requests signed by this signer and by botocore (the AWS SDK for Python, installed in `.venv`
/// as a dependency of moto by `scripts/setup.sh`): canonical request, string to sign and signature must
/// agree, in header and query mode, with S3's rules and the others'.
///
/// The generator stays inside what both implement the same way, and says so where it holds back:
/// botocore rewrites a `Date` header, collapses repeated query names when presigning (`parse_qs`),
/// moves a presigned POST body into the query, and trims Unicode whitespace in header values.
@Suite("Differential: botocore")
struct BotocoreDifferentialTests {
    /// One request, as JSON for the Python side.
    struct Case: Codable {
        var mode: String  // "header" or "query"
        var s3: Bool
        var method: String
        var url: String
        var headers: [[String]]
        var body: String
        var token: String?
        var expires: Int
    }

    struct BotocoreResult: Decodable {
        var canonical_request: String
        var string_to_sign: String
        var signature: String
    }

    static let caseCount = 1000

    @Test("1,000 random requests sign exactly as botocore signs them")
    func randomRequestsAgree() async throws {
        let python = ProjectPaths.venvTool("python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("\(python.path) is missing: run scripts/setup.sh to create .venv (botocore comes with moto)")
            return
        }
        var generator = RequestGenerator(seed: 0x5167_4E34_A1B2_C3D4)
        let cases = (0..<Self.caseCount).map { generator.makeCase(index: $0) }
        let result = try await runProcess(python, ["-c", Self.botocoreScript], stdin: JSONEncoder().encode(cases))
        try #require(result.status == 0, "botocore script failed: \(result.stderr)")
        let expected = try JSONDecoder().decode([BotocoreResult].self, from: Data(result.stdout.utf8))
        try #require(expected.count == cases.count)

        let signer = SigV4Signer()
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let date = Date(timeIntervalSince1970: 1_440_938_160)
        var mismatches = 0
        for (testCase, botocore) in zip(cases, expected) {
            var configuration = testCase.s3
                ? SigningConfiguration.s3(region: "us-east-1")
                : SigningConfiguration.default(service: "service", region: "us-east-1")
            configuration.signsContentLength = true
            var caseCredentials = credentials
            caseCredentials.sessionToken = testCase.token
            let request = try SigV4Request(
                method: testCase.method, url: testCase.url,
                headers: testCase.headers.map { SigV4Request.Header(name: $0[0], value: $0[1]) },
                payload: .bytes(Array(testCase.body.utf8))
            )
            let mode: SigningDetails.Mode = testCase.mode == "query" ? .query(expiresIn: .seconds(testCase.expires)) : .header
            let details = try signer.signingDetails(
                for: request, credentials: caseCredentials, configuration: configuration, date: date, mode: mode
            )
            let agrees = details.canonicalRequest == botocore.canonical_request && details.stringToSign == botocore.string_to_sign
                && details.signature == botocore.signature
            if !agrees {
                mismatches += 1
                // The first few in full: enough to see the rule, not a wall of text.
                if mismatches <= 3 {
                    Issue.record(
                        """
                        \(testCase.mode) \(testCase.s3 ? "S3" : "service") \(testCase.method) \(testCase.url)
                        ours:
                        \(details.canonicalRequest)
                        botocore:
                        \(botocore.canonical_request)
                        """
                    )
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) requests signed differently")
    }

    /// Reads the cases as JSON on stdin, signs each with botocore at 2015-08-30T12:36:00Z, prints the results.
    static let botocoreScript = #"""
        import datetime, json, sys
        import botocore.auth as auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        auth.get_current_datetime = lambda *args, **kwargs: datetime.datetime(2015, 8, 30, 12, 36, 0)
        results = []
        for case in json.load(sys.stdin):
            credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", case.get("token"))
            if case["mode"] == "header":
                signer_class = auth.S3SigV4Auth if case["s3"] else auth.SigV4Auth
                signer = signer_class(credentials, "s3" if case["s3"] else "service", "us-east-1")
            else:
                signer_class = auth.S3SigV4QueryAuth if case["s3"] else auth.SigV4QueryAuth
                signer = signer_class(credentials, "s3" if case["s3"] else "service", "us-east-1", expires=case["expires"])
            request = AWSRequest(method=case["method"], url=case["url"], data=case["body"].encode())
            for name, value in case["headers"]:
                request.headers[name] = value  # appends: repeated names survive
            seen = {}
            def record(name, function):
                def wrapper(*args):
                    value = function(*args)
                    seen[name] = value
                    return value
                return wrapper
            signer.canonical_request = record("canonical_request", signer.canonical_request)
            signer.string_to_sign = record("string_to_sign", signer.string_to_sign)
            signer.signature = record("signature", signer.signature)
            signer.add_auth(request)
            results.append(seen)
        json.dump(results, sys.stdout)
        """#
}

/// Random requests within the rules both signers share. Deterministic (SplitMix64), so a failure reproduces.
struct RequestGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    private mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }

    /// Text from a mix of unreserved, reserved, space and multi-byte characters.
    private mutating func text(maxLength: Int, allowEmpty: Bool = true) -> String {
        let alphabet: [Character] = Array("abcXYZ019-._~ !$&'()*+,;=:@/?#[]%\"<>^`{|}") + ["é", "ሴ", "😀", "ß"]
        let length = below(maxLength + 1)
        let value = String((0..<length).map { _ in pick(alphabet) })
        return value.isEmpty && !allowEmpty ? "x" : value
    }

    /// Printable ASCII with runs of spaces and tabs, leading and trailing too.
    private mutating func headerValue() -> String {
        let alphabet: [Character] = Array("abcXYZ019-_.:;,/=\"'()<>@ \t")
        return String((0..<below(24)).map { _ in pick(alphabet) })
    }

    mutating func makeCase(index: Int) -> BotocoreDifferentialTests.Case {
        let s3 = index % 2 == 1
        let mode = index % 4 < 2 ? "header" : "query"

        var segments: [String] = []
        for _ in 0..<below(5) {
            switch below(8) {
            case 0: segments.append(".")
            case 1: segments.append("..")
            case 2: segments.append("")
            default: segments.append(SigV4Encoding.percentEncoded(text(maxLength: 8, allowEmpty: false), keepingSlashes: false))
            }
        }
        let path = "/" + segments.joined(separator: "/")

        // Presigning: botocore keeps one value per name (parse_qs), so names do not repeat there.
        var query: [(String, String)] = []
        var names: Set<String> = []
        for _ in 0..<below(5) {
            let name = below(3) == 0 ? pick(["a", "A", "list-type", "prefix"]) : text(maxLength: 6, allowEmpty: false)
            if mode == "query" && !names.insert(name).inserted { continue }
            query.append((name, text(maxLength: 8)))
        }
        let queryString = query.map {
            SigV4Encoding.percentEncoded($0.0, keepingSlashes: false) + "=" + SigV4Encoding.percentEncoded($0.1, keepingSlashes: false)
        }.joined(separator: "&")

        // Names both leave signed; Date is out (botocore rewrites it), and so are the unsigned hop-by-hop ones.
        var headers: [[String]] = []
        let headerNames = [
            "X-Amz-Meta-Color", "x-amz-meta-color", "My-Header", "Content-Type", "X-Custom", "x-custom", "Accept", "X-Amz-User-Agent",
        ]
        for _ in 0..<below(6) {
            headers.append([pick(headerNames), headerValue()])
        }
        if mode == "query" {
            // botocore drops this exact value when presigning (it is its own default).
            headers.removeAll { $0[1] == "application/x-www-form-urlencoded; charset=utf-8" }
        }

        // A presigned POST would have its body moved into the query by botocore.
        let method = mode == "query" ? pick(["GET", "PUT", "DELETE"]) : pick(["GET", "POST", "PUT", "DELETE"])
        let body = mode == "query" ? "" : String(text(maxLength: 40).unicodeScalars.filter(\.isASCII).map(Character.init))
        return BotocoreDifferentialTests.Case(
            mode: mode,
            s3: s3,
            method: method,
            url: "https://example.amazonaws.com\(path)" + (queryString.isEmpty ? "" : "?\(queryString)"),
            headers: headers,
            body: body,
            token: below(3) == 0 ? pick(["session/token+with=specials", " padded  session\ttoken "]) : nil,
            expires: 1 + below(604_800)
        )
    }
}
