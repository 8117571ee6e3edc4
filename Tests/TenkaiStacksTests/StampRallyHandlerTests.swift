import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// The stamp rally's Lambda handlers (`Stacks/StampRally/functions`) against moto, with the
/// tables the rendered data stack creates and the environment the rendered api stack sets.
@Suite("Stamp rally handlers", .serialized)
struct StampRallyHandlerTests {
    /// moto's DetectLabels finds "Mobile Phone" (99.9 %) in any image: a spot expecting it matches.
    static let labelMotoFinds = "Mobile Phone"

    // MARK: - The code and the stack agree

    @Test("every route of the rendered API reaches a handler that serves exactly its routes and reads exactly its variables")
    func routesAndEnvironmentMatchTheTemplate() async throws {
        let fixture = try await StampRallyHandlerFixture.get()
        let routes = try Self.routes(of: fixture.api)
        #expect(routes.count == 6)
        let functions = Set(routes.map(\.function))
        let handlers = try functions.sorted().map { try #require(fixture.api.resources[$0]?.properties["Handler"]?.stringValue) }
        let result = try await runProcess(
            ProjectPaths.venvTool("python"),
            [ProjectPaths.testData("stamp-rally/describe_handlers.py").path, fixture.codeFolder.path] + handlers,
            environment: fixture.awsEnvironment)
        try #require(result.status == 0, "describe_handlers.py failed: \(result.stderr)")
        let described = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: [Any]]])
        for (function, handler) in zip(functions.sorted(), handlers) {
            let served = (described[handler]?["routes"] as? [[String]] ?? []).map { "\($0[0]) \($0[1])" }
            let routed = routes.filter { $0.function == function }.map { "\($0.method) \($0.path)" }
            #expect(Set(served) == Set(routed), "\(handler) serves \(served), the API sends it \(routed)")
            let read = Set(described[handler]?["environment"] as? [String] ?? [])
            let set = Set(try fixture.functionEnvironment(function).keys)
            #expect(read == set, "\(handler) reads \(read.sorted()), its template sets \(set.sorted())")
        }
    }

    @Test("every function's code is the package of the folder it names, by content hash, and loads from the zip")
    func codeIsTheFolderPackage() async throws {
        let fixture = try await StampRallyHandlerFixture.get()
        let asset = try CodeAsset(folder: fixture.codeFolder.path, root: ProjectPaths.root)
        let functions = fixture.api.resources.values.filter { $0.type == "AWS::Lambda::Function" }
        #expect(functions.count == 5)
        for function in functions {
            #expect(function.properties["Code"]?[path: "S3Key"] == .string(asset.key))
            #expect(function.properties["Runtime"] == "python3.13")
        }
        // Lambda loads each Handler from the zip's root: unpacked, the package serves every route.
        let unpacked = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-rally-package-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: unpacked) }
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        let zip = unpacked.appendingPathComponent("package.zip")
        try Data(asset.zip).write(to: zip)
        let unzip = try await runProcess(URL(fileURLWithPath: "/usr/bin/unzip"), ["-q", zip.path, "-d", unpacked.appendingPathComponent("code").path])
        try #require(unzip.status == 0, "unzip failed: \(unzip.stderr)")
        let handlers = functions.compactMap { $0.properties["Handler"]?.stringValue }.sorted()
        let described = try await runProcess(
            ProjectPaths.venvTool("python"),
            [ProjectPaths.testData("stamp-rally/describe_handlers.py").path, unpacked.appendingPathComponent("code").path] + handlers,
            environment: fixture.awsEnvironment)
        #expect(described.status == 0, "\(described.stderr)")
        let loaded = try #require(try JSONSerialization.jsonObject(with: Data(described.stdout.utf8)) as? [String: [String: [Any]]])
        #expect(loaded.keys.sorted() == handlers)
        #expect(loaded.values.allSatisfy { $0["routes"]?.isEmpty == false })
    }

    // MARK: - POST /stamps

    @Test("a photo showing the spot's label collects its stamp once, and GET /stamps lists it")
    func collectAndList() async throws {
        let fixture = try await StampRallyHandlerFixture.get()
        let (user, photo) = try await Self.userWithPhoto(fixture)
        try await Self.addSpots(fixture, rally: "harbor-\(user.prefix(8))", ["lighthouse": Self.labelMotoFinds])
        let collect = try ProxyEvent.make(
            "POST", "/stamps", user: user, body: ["rallyId": "harbor-\(user.prefix(8))", "spotId": "lighthouse", "photoKey": photo])
        let first = try await fixture.invoke("CollectStampFunction", collect)
        #expect(first.status == 201, "\(first.body)")
        #expect(first.body["userId"] as? String == user)
        #expect(first.body["label"] as? String == Self.labelMotoFinds)
        #expect(first.headers["Access-Control-Allow-Origin"] == "https://dev.stamp-rally.example.com")

        let again = try await fixture.invoke("CollectStampFunction", collect)
        #expect(again.status == 409)
        #expect(again.error == "the stamp of spot 'lighthouse' is already collected")

        let listed = try await fixture.invoke("ListStampsFunction", try ProxyEvent.make("GET", "/stamps", user: user))
        #expect(listed.status == 200)
        let stamps = try #require(listed.body["stamps"] as? [[String: Any]])
        #expect(stamps.map { $0["spotId"] as? String } == ["lighthouse"])
        // Another user sees none of them.
        let other = try await fixture.invoke("ListStampsFunction", try ProxyEvent.make("GET", "/stamps", user: ProxyEvent.newUser()))
        #expect((other.body["stamps"] as? [Any])?.isEmpty == true)
    }

    @Test("twelve concurrent collects of one stamp by one user store one stamp: one 201, the rest 409")
    func concurrentCollectsStoreOneStamp() async throws {
        let fixture = try await StampRallyHandlerFixture.get()
        let (user, photo) = try await Self.userWithPhoto(fixture)
        let rally = "race-\(user.prefix(8))"
        try await Self.addSpots(fixture, rally: rally, ["gate": Self.labelMotoFinds])
        let collect = try ProxyEvent.make("POST", "/stamps", user: user, body: ["rallyId": rally, "spotId": "gate", "photoKey": photo])
        let answers = try await fixture.invoke("CollectStampFunction", [collect], copies: 12)
        #expect(answers.count == 12)
        #expect(answers.filter { $0.status == 201 }.count == 1)
        #expect(answers.filter { $0.status == 409 }.count == 11, "\(answers.map(\.status))")
        let listed = try await fixture.invoke("ListStampsFunction", try ProxyEvent.make("GET", "/stamps", user: user))
        #expect((listed.body["stamps"] as? [Any])?.count == 1)
    }

    @Test("bad input to POST /stamps is a 4xx that says what is wrong")
    func collectRefusesBadInput() async throws {
        let fixture = try await StampRallyHandlerFixture.get()
        let (user, photo) = try await Self.userWithPhoto(fixture)
        let rally = "checks-\(user.prefix(8))"
        try await Self.addSpots(fixture, rally: rally, ["shrine": "Torii Gate"])
        let someoneElse = "uploads/\(ProxyEvent.newUser())/\(String(repeating: "0", count: 32)).jpg"
        let missingPhoto = "uploads/\(user)/\(String(repeating: "a", count: 32)).jpg"
        let cases: [(body: Any?, status: Int, error: String)] = [
            (nil, 400, "the request has no body: send a JSON object"),
            ("{\"rallyId\": ", 400, "the request body is not JSON (Expecting value at line 1, column 13)"),
            ("[1, 2]", 400, "the request body must be a JSON object, like {\"spotId\": \"...\"}"),
            (["spotId": "shrine", "photoKey": photo], 400, "'rallyId' is missing"),
            (["rallyId": rally, "spotId": "../shrine", "photoKey": photo], 400, "'spotId' must be 1 to 64 letters, digits, '-' or '_'"),
            (["rallyId": rally, "spotId": "shrine"], 400, "'photoKey' is missing: upload the photo with POST /uploads first"),
            (["rallyId": rally, "spotId": "shrine", "photoKey": "../../etc/passwd"], 400, "'photoKey' must be the photoKey POST /uploads answered"),
            (["rallyId": rally, "spotId": "shrine", "photoKey": someoneElse], 403, "'photoKey' is another user's photo"),
            (["rallyId": rally, "spotId": "nowhere", "photoKey": photo], 404, "rally '\(rally)' has no spot 'nowhere'"),
            (["rallyId": rally, "spotId": "shrine", "photoKey": missingPhoto], 400,
             "'photoKey' names no uploaded photo: upload it to the URL POST /uploads gave first"),
            (["rallyId": rally, "spotId": "shrine", "photoKey": photo], 422, "the photo does not show the spot: none of ['Torii Gate'] was found"),
        ]
        let answers = try await fixture.invoke(
            "CollectStampFunction", try cases.map { try ProxyEvent.make("POST", "/stamps", user: user, body: $0.body) })
        for (answer, expected) in zip(answers, cases) {
            #expect(answer.status == expected.status, "\(expected.error): \(answer.body)")
            #expect(answer.error == expected.error)
        }
        let listed = try await fixture.invoke("ListStampsFunction", try ProxyEvent.make("GET", "/stamps", user: user))
        #expect((listed.body["stamps"] as? [Any])?.isEmpty == true)
    }

    // MARK: - Signed-in routes

    @Test("every signed-in route answers 401 to an event without Cognito claims, and an unrouted method 405")
    func unauthorisedCallsAreRefused() async throws {
        let fixture = try await StampRallyHandlerFixture.get()
        let calls: [(String, String, String, Any?)] = [
            ("CollectStampFunction", "POST", "/stamps", ["rallyId": "a", "spotId": "b", "photoKey": "c"]),
            ("ListStampsFunction", "GET", "/stamps", nil),
            ("UploadUrlFunction", "POST", "/uploads", ["contentType": "image/jpeg"]),
            ("ProfileFunction", "GET", "/me", nil),
            ("ProfileFunction", "PUT", "/me", ["displayName": "Mallory"]),
        ]
        for (function, method, path, body) in calls {
            let answer = try await fixture.invoke(function, try ProxyEvent.make(method, path, body: body))
            #expect(answer.status == 401, "\(method) \(path): \(answer.body)")
            #expect(answer.error?.hasPrefix("sign in first") == true)
        }
        let forged = try await fixture.invoke("ProfileFunction", try ProxyEvent.make("GET", "/me", user: "not-a-cognito-sub"))
        #expect(forged.status == 401)
        let unrouted = try await fixture.invoke("ProfileFunction", try ProxyEvent.make("DELETE", "/me", user: ProxyEvent.newUser()))
        #expect(unrouted.status == 405)
    }

    // MARK: - Public and upload routes

    @Test("GET /rallies/{rallyId}/spots is public, lists the rally's spots without their expected labels")
    func listSpots() async throws {
        let fixture = try await StampRallyHandlerFixture.get()
        let rally = "spots-\(ProxyEvent.newUser().prefix(8))"
        try await Self.addSpots(fixture, rally: rally, ["a-gate": "Gate", "b-tower": "Tower"])
        let event = { (rally: String) in try ProxyEvent.make("GET", "/rallies/{rallyId}/spots", pathParameters: ["rallyId": rally]) }
        let answers = try await fixture.invoke("ListSpotsFunction", [try event(rally), try event("no-such-rally"), try event("a/b")])
        #expect(answers.map(\.status) == [200, 404, 400])
        let spots = try #require(answers[0].body["spots"] as? [[String: Any]])
        #expect(spots.map { $0["spotId"] as? String } == ["a-gate", "b-tower"])
        #expect(spots.allSatisfy { $0["labels"] == nil })
        #expect(answers[1].error == "there is no rally 'no-such-rally'")
    }

    @Test("POST /uploads answers a presigned POST for a key under the caller's prefix, bounded in type and size")
    func uploadURL() async throws {
        let fixture = try await StampRallyHandlerFixture.get()
        let user = ProxyEvent.newUser()
        let answers = try await fixture.invoke("UploadUrlFunction", [
            try ProxyEvent.make("POST", "/uploads", user: user, body: ["contentType": "image/png"]),
            try ProxyEvent.make("POST", "/uploads", user: user, body: ["contentType": "text/html"]),
        ])
        #expect(answers.map(\.status) == [201, 400])
        let key = try #require(answers[0].body["photoKey"] as? String)
        #expect(key.hasPrefix("uploads/\(user)/") && key.hasSuffix(".png"))
        let fields = try #require(answers[0].body["fields"] as? [String: String])
        #expect(fields["key"] == key)
        #expect(fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256")
        let encodedPolicy = try #require(fields["policy"])
        let policy = try #require(Data(base64Encoded: encodedPolicy).map { String(decoding: $0, as: UTF8.self) })
        #expect(policy.contains("[\"content-length-range\", 1, 10485760]"))
        #expect(policy.contains("{\"Content-Type\": \"image/png\"}"))
        #expect(answers[1].error == "'contentType' must be one of ['image/jpeg', 'image/png'], the photo formats Rekognition reads")
    }

    // MARK: - GET and PUT /me

    @Test("PUT /me creates the profile and links a LINE account with a valid ID token of the channel, once")
    func profile() async throws {
        let fixture = try await StampRallyHandlerFixture.get()
        let user = ProxyEvent.newUser(), other = ProxyEvent.newUser()
        let lineUser = "U" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let channel = try #require(try fixture.functionEnvironment("ProfileFunction")["LINE_CHANNEL_ID_PARAMETER"])
        let channelID = try #require(fixture.api.resources.values.first {
            $0.type == "AWS::SSM::Parameter" && $0.properties["Name"]?.stringValue == channel
        }?.properties["Value"]?.stringValue)
        let future = Int(Date().timeIntervalSince1970) + 600
        let valid = try await Self.lineToken(secret: fixture.channelSecret, channel: channelID, user: lineUser, expiry: future)
        let forged = try await Self.lineToken(secret: "guessed", channel: channelID, user: lineUser, expiry: future)
        let foreign = try await Self.lineToken(secret: fixture.channelSecret, channel: "1999999999", user: lineUser, expiry: future)
        let expired = try await Self.lineToken(secret: fixture.channelSecret, channel: channelID, user: lineUser, expiry: future - 1200)
        let put = { (user: String, body: Any) in try ProxyEvent.make("PUT", "/me", user: user, body: body) }
        let answers = try await fixture.invoke("ProfileFunction", [
            try ProxyEvent.make("GET", "/me", user: user),
            try put(user, ["displayName": "  "]),
            try put(user, ["displayName": "Aki", "lineIdToken": "not.a.token"]),
            try put(user, ["displayName": "Aki", "lineIdToken": forged]),
            try put(user, ["displayName": "Aki", "lineIdToken": foreign]),
            try put(user, ["displayName": "Aki", "lineIdToken": expired]),
            try put(user, ["displayName": "Aki", "lineIdToken": valid]),
            try ProxyEvent.make("GET", "/me", user: user),
            try put(other, ["displayName": "Mallory", "lineIdToken": valid]),
        ])
        #expect(answers.map(\.status) == [404, 400, 400, 403, 403, 403, 200, 200, 409], "\(answers.map(\.body))")
        #expect(answers[1].error == "'displayName' must be 1 to 50 printable characters")
        #expect(answers[3].error == "'lineIdToken' is not signed by this LINE channel")
        #expect(answers[4].error == "'lineIdToken' was issued for another LINE channel")
        #expect(answers[5].error == "'lineIdToken' has expired: get a new one from LIFF")
        #expect(answers[7].body["displayName"] as? String == "Aki")
        #expect(answers[7].body["lineUserId"] as? String == lineUser)
        #expect(answers[8].error == "this LINE account is linked to another user")
    }

    // MARK: - Helpers

    /// A new user with one photo in the uploads bucket, where POST /uploads would have put it.
    static func userWithPhoto(_ fixture: StampRallyHandlerFixture) async throws -> (user: String, photoKey: String) {
        let user = ProxyEvent.newUser()
        let key = "uploads/\(user)/\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")).jpg"
        try await fixture.seed(["objects": [["Bucket": try fixture.name(of: "UploadsBucket"), "Key": key, "Size": 2048]]])
        return (user, key)
    }

    /// Spots of `rally` (spot ID → the label a photo must show), as an operator loads them.
    static func addSpots(_ fixture: StampRallyHandlerFixture, rally: String, _ spots: [String: String]) async throws {
        let items = spots.sorted { $0.key < $1.key }.map { spot, label -> [String: Any] in
            ["rallyId": rally, "spotId": spot, "name": "Spot \(spot)", "area": "bay", "latitude": 35.44, "longitude": 139.64, "labels": [label]]
        }
        try await fixture.seed(["items": [try fixture.name(of: "StampMastersTable"): items]])
    }

    static func lineToken(secret: String, channel: String, user: String, expiry: Int) async throws -> String {
        let result = try await runProcess(
            ProjectPaths.venvTool("python"),
            [ProjectPaths.testData("stamp-rally/line_id_token.py").path, secret, channel, user, String(expiry)])
        try #require(result.status == 0, "line_id_token.py failed: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct RouteWithoutFunction: Error { var method: Fields }

    /// The API's routes from the rendered template: method, full path and the function it invokes.
    static func routes(of template: Template) throws -> [(method: String, path: String, function: String)] {
        func path(of resource: Value?) throws -> String {
            guard let id = resource?.referencedLogicalID, let node = template.resources[id], node.type == "AWS::ApiGateway::Resource" else {
                return ""  // the API's root (GetAtt RootResourceId)
            }
            return try path(of: node.properties["ParentId"]) + "/" + (try #require(node.properties["PathPart"]?.stringValue))
        }
        return try template.resources.values.filter { $0.type == "AWS::ApiGateway::Method" && $0.properties["HttpMethod"] != "OPTIONS" }
            .map { method in
                guard case .function("Fn::Sub", .string(let uri))? = method.properties["Integration"]?[path: "Uri"],
                      let function = uri.firstMatch(of: #/\$\{(\w+)\.Arn\}/#)?.1
                else { throw RouteWithoutFunction(method: method.properties) }
                return (try #require(method.properties["HttpMethod"]?.stringValue), try path(of: method.properties["ResourceId"]), String(function))
            }
    }
}
