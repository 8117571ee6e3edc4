import Foundation
import Tenkai
import TenkaiCore
import TestSupport
import Testing

/// The app servers' user data, checked as an Amazon Linux 2023 boot would run it, without an
/// instance: CloudFormation's `Fn::Sub` resolved as a deploy resolves it, the document validated
/// by cloud-init's own schema (Debian's `cloud-init`, as AL2023 ships cloud-init too), and then
/// cloud-init's work done in a scratch folder — `write_files` writes the start script, `runcmd`
/// runs its commands in order — with stand-ins for the three programs that need a real machine
/// (`systemctl`, `docker`, `aws`; each records its arguments). `jq`, `cut` and bash are the real
/// ones. The one change to the script is where it writes its env file (`/run` → the scratch folder).
///
/// What a real boot adds, and these tests cannot: AL2023's package repositories (`docker` and
/// `jq` come from them), the AWS CLI of the standard AL2023 image (the launch template's
/// `al2023-ami-kernel-default`, not the minimal one), and the network to ECR and Secrets Manager.
@Suite struct AppServersBootTests {
    static let region = "ap-northeast-1"
    static let image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/fileshare@sha256:" + String(repeating: "ab", count: 32)
    static let logGroup = "/tenkai/fileshare-prod-web-app-servers"

    /// The launch template's user data as the instance receives it: every `${Name}` of the
    /// `Fn::Sub` replaced (pseudo parameters, the image, the log group; references to other
    /// resources by a stand-in naming them, like `resolved-Env0`).
    static func renderedUserData() throws -> String {
        let synthesis = try AppServersTests.synthesis("prod")
        let stack = try #require(synthesis.stacks.first { $0.stack.name == "app" })
        let data = try #require(stack.stack.template.resources["WebAppServersLaunchTemplate"]?.properties["LaunchTemplateData"])
        guard case .map(let fields) = data, case .function("Fn::Base64", .function("Fn::Sub", .list(let sub)))? = fields["UserData"],
              sub.count == 2, case .string(let document) = sub[0], case .map(let variables) = sub[1] else {
            Issue.record("UserData is not Fn::Base64 of Fn::Sub [document, variables]")
            return ""
        }
        var values = ["AWS::Region": region, "Image": image, "LogGroup": logGroup]
        for (name, value) in variables where values[name] == nil {
            if case .string(let text) = value, !name.hasPrefix("Secret") { values[name] = text }
            else if value == .region { values[name] = region }
            else if name.hasPrefix("Secret") { values[name] = "arn:aws:secretsmanager:\(region):123456789012:secret:resolved-\(name)" }
            else { values[name] = "resolved-\(name)" }
        }
        return try substitute(document, values)
    }

    /// `Fn::Sub`: `${Name}` from `values`, `${!Literal}` as `${Literal}`; an unknown name is an
    /// error here as CloudFormation rejects it (no such parameter or resource in this template).
    static func substitute(_ document: String, _ values: [String: String]) throws -> String {
        var output = "", rest = Substring(document)
        while let start = rest.range(of: "${") {
            output += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            let end = try #require(after.firstIndex(of: "}"), "unclosed ${ in the user data")
            let name = String(after[..<end])
            if name.hasPrefix("!") { output += "${" + name.dropFirst() + "}" } else {
                output += try #require(values[name], "the user data names ${\(name)}, which Fn::Sub cannot resolve")
            }
            rest = after[after.index(after: end)...]
        }
        return output + rest
    }

    @Test func cloudInitAcceptsTheDocument() async throws {
        let folder = try Scratch()
        let file = folder.url.appendingPathComponent("user-data.yaml")
        try Data(try Self.renderedUserData().utf8).write(to: file)
        let result = try await runProcess(URL(fileURLWithPath: "/usr/bin/cloud-init"), ["schema", "--config-file", file.path])
        #expect(result.status == 0, "cloud-init schema: \(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Valid cloud-config"))
    }

    @Test func cloudInitSchemaCatchesABrokenDocument() async throws {
        // The check above could not fail if cloud-init accepted anything: a wrong type must fail.
        let folder = try Scratch()
        let file = folder.url.appendingPathComponent("broken.yaml")
        try Data(try Self.renderedUserData().replacing("package_update: true", with: "package_update: [yes]").utf8).write(to: file)
        let result = try await runProcess(URL(fileURLWithPath: "/usr/bin/cloud-init"), ["schema", "--config-file", file.path])
        #expect(result.status != 0)
    }

    @Test func aBootInstallsDockerAndStartsTheAppWithItsEnvironmentAndSecrets() async throws {
        let boot = try await Boot.run(try Self.renderedUserData())
        #expect(boot.status == 0, "boot failed: \(boot.output)")
        #expect(boot.packages == ["docker", "jq"])
        #expect(boot.scriptMode == 0o700)
        let calls = boot.calls
        // Docker is enabled before the script runs; the ECR token goes through a pipe into the
        // login (the two run at once, so their order is not fixed); the secrets are read next and
        // the app runs last.
        let order = calls.map { $0.prefix(2).joined(separator: " ") }
        try #require(order.count == 8, "\(calls)")
        #expect(order[0] == "systemctl enable")
        #expect(Set(order[1...2]) == ["aws ecr", "docker login"])
        #expect(Array(order[3...]) == ["aws secretsmanager", "aws secretsmanager", "aws ssm", "docker rm", "docker run"], "\(calls)")
        #expect(calls[0] == ["systemctl", "enable", "--now", "docker"])
        #expect(calls.contains(["aws", "ecr", "get-login-password", "--region", Self.region]))
        #expect(calls.contains(["docker", "login", "--username", "AWS", "--password-stdin", "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"]))
        #expect(boot.loginPassword == "ecr-token")
        let run = try #require(calls.last)
        #expect(run.last == Self.image, "the image is docker run's last argument (the image's own command)")
        for flag in ["--read-only", "--security-opt no-new-privileges", "-p 8080:8080", "--user 10001:10001", "--tmpfs /tmp",
                     "--tmpfs /data/spool", "--log-driver awslogs", "--log-opt awslogs-group=\(Self.logGroup)",
                     "--log-opt awslogs-region=\(Self.region)", "--restart always"] {
            #expect(run.joined(separator: " ").contains(flag), "docker run lacks \(flag): \(run)")
        }
        // The env file: root-only, every variable the Fargate task gets, secrets read at boot.
        #expect(boot.envFileMode == 0o600)
        let env = boot.environment
        // The one difference is the database login: Fargate's app signs in with IAM tokens (its
        // migration container holds the master password); app servers have no migration step and
        // sign in as the master user.
        let iamLogin: Set<String> = ["DB_IAM_AUTH", "DB_USER"], masterLogin: Set<String> = ["DATABASE_USER", "DATABASE_PASSWORD"]
        #expect(Set(env.keys) == Set(try Self.fargateVariables()).subtracting(iamLogin).union(masterLogin), "\(env.keys.sorted())")
        #expect(env["DATABASE_PASSWORD"] == "password-of-arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:resolved-Secret0")
        #expect(env["JWT_SECRET"]?.hasPrefix("{") == true, "a plain secret is passed whole")
        #expect(env["SPOOL_DIR"] == "/data/spool")
        #expect(env["AWS_REGION"] == Self.region)
        #expect(env.values.allSatisfy { !$0.isEmpty && $0 != "null" })
    }

    @Test func aSecretThatCannotBeReadStopsTheBootBeforeTheAppStarts() async throws {
        let boot = try await Boot.run(try Self.renderedUserData(), failing: "secretsmanager")
        #expect(boot.status != 0)
        #expect(!boot.calls.contains { $0.prefix(2) == ["docker", "run"] }, "the app started without its secret: \(boot.calls)")
    }

    /// The names the Fargate task definition gives the same container (environment and secrets).
    static func fargateVariables() throws -> [String] {
        let synthesis = try AppServersTests.synthesis("prod")
        let stack = try #require(synthesis.stacks.first { $0.stack.name == "app" })
        let task = try #require(stack.stack.template.resources.values.first { $0.type == "AWS::ECS::TaskDefinition" })
        guard case .list(let containers)? = task.properties["ContainerDefinitions"], case .map(let container)? = containers.first else { return [] }
        var names: [String] = []
        for key in ["Environment", "Secrets"] {
            guard case .list(let entries)? = container[key] else { continue }
            for case .map(let entry) in entries { if let name = entry["Name"]?.stringValue { names.append(name) } }
        }
        return names
    }
}

/// A throwaway folder, removed when the value goes.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-boot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// cloud-init's part of a boot, in a scratch folder: the packages it would install, the start
/// script written with its permissions, the `runcmd` commands run in order with stand-ins.
struct Boot {
    var status: Int32
    var output: String
    var packages: [String]
    var scriptMode: Int
    var envFileMode: Int
    /// Each stand-in call: program name, then its arguments.
    var calls: [[String]]
    var loginPassword: String
    var environment: [String: String]

    /// `failing`: the `aws` service whose calls fail (exit 254, as the CLI does on AccessDenied).
    static func run(_ userData: String, failing: String? = nil) async throws -> Boot {
        let scratch = try Scratch()
        let root = scratch.url
        let node = try YAMLParser.parse(Array(userData.utf8), file: "user-data")
        let document = try #require(node.mapping, "the user data is not a YAML map")
        #expect(userData.hasPrefix("#cloud-config\n"))
        let packages = (document["packages"]?.sequence ?? []).compactMap(\.scalarText)
        // write_files (cloud-init's init stage, before packages and runcmd).
        let files = try #require(document["write_files"]?.sequence)
        var scripts: [String: URL] = [:]
        for file in files {
            let entry = try #require(file.mapping)
            let path = try #require(entry["path"]?.scalarText)
            let permissions = try #require(entry["permissions"]?.scalarText)
            let mode = try #require(Int(permissions, radix: 8))
            var content = try #require(entry["content"]?.scalarText)
            content = content.replacing("/run/tenkai-app.env", with: root.appendingPathComponent("run/tenkai-app.env").path)
            let target = root.appendingPathComponent(String(path.dropFirst()))
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: target)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: target.path)
            scripts[path] = target
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("run"), withIntermediateDirectories: true)
        let script = try #require(scripts["/usr/local/sbin/tenkai-start-app"], "no start script in write_files")
        let syntax = try await runProcess(URL(fileURLWithPath: "/bin/bash"), ["-n", script.path])
        #expect(syntax.status == 0, "bash -n: \(syntax.stderr)")
        let bin = try standIns(in: root, failing: failing)
        var status: Int32 = 0, output = ""
        // runcmd (run by scripts_user in the final stage, after the packages): one command per
        // list, in order, as lines of one shell script without `set -e`: a failing command does
        // not stop the next, and the boot reports the failure.
        for command in try #require(document["runcmd"]?.sequence) {
            let words = (command.sequence ?? []).compactMap { $0.scalarText }
            try #require(!words.isEmpty, "a runcmd entry is not a list of words")
            let program = scripts[words[0]].map(\.path) ?? bin.appendingPathComponent(words[0]).path
            let result = try await runProcess(
                URL(fileURLWithPath: program), Array(words.dropFirst()),
                environment: ["PATH": "\(bin.path):/usr/bin:/bin", "STANDIN_LOG": root.appendingPathComponent("calls").path,
                              "HOME": root.path])
            output += result.stdout + result.stderr
            if result.status != 0 { status = result.status }
        }
        let log = (try? String(contentsOf: root.appendingPathComponent("calls"), encoding: .utf8)) ?? ""
        let calls = log.split(separator: "\n").map { $0.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init).dropLast().map { $0 } }
        let envFile = root.appendingPathComponent("run/tenkai-app.env")
        var environment: [String: String] = [:]
        for line in ((try? String(contentsOf: envFile, encoding: .utf8)) ?? "").split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            environment[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        func mode(_ url: URL) -> Int { ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int) ?? -1 }
        return Boot(
            status: status, output: output, packages: packages, scriptMode: mode(script), envFileMode: mode(envFile), calls: calls,
            loginPassword: (try? String(contentsOf: root.appendingPathComponent("login-stdin"), encoding: .utf8)) ?? "",
            environment: environment)
    }

    /// `systemctl`, `docker` and `aws` as shell scripts that log their arguments; `aws` answers
    /// like the CLI: a token for ECR, a JSON secret for Secrets Manager, a value for SSM.
    private static func standIns(in root: URL, failing: String?) throws -> URL {
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let record = #"{ printf '%s\037' "$(basename "$0")" "$@"; printf '\n'; } >> "$STANDIN_LOG""#
        let scripts = [
            "systemctl": "#!/bin/bash\n\(record)\n",
            "docker": """
                #!/bin/bash
                \(record)
                if [ "$1" = login ]; then cat > "\(root.path)/login-stdin"; fi
                if [ "$1" = run ]; then echo 0123456789abcdef; fi

                """,
            "aws": """
                #!/bin/bash
                \(record)
                if [ "$1" = "\(failing ?? "-")" ]; then echo "An error occurred (AccessDeniedException)" >&2; exit 254; fi
                case "$1 $2" in
                  "ecr get-login-password") printf 'ecr-token' ;;
                  "secretsmanager get-secret-value")
                    while [ $# -gt 0 ]; do [ "$1" = --secret-id ] && id=$2; shift; done
                    printf '{"username":"fileshare","password":"password-of-%s"}\\n' "$id" ;;
                  "ssm get-parameter") printf 'value-of-parameter\\n' ;;
                  *) echo "unexpected aws call: $*" >&2; exit 2 ;;
                esac

                """,
        ]
        for (name, text) in scripts {
            let file = bin.appendingPathComponent(name)
            try Data(text.utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
        return bin
    }
}

extension YAMLNode {
    fileprivate var mapping: [String: YAMLNode]? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
    fileprivate var sequence: [YAMLNode]? { if case .sequence(let items, _) = self { items } else { nil } }
    fileprivate var scalarText: String? { if case .scalar(let text, _, _) = self { text } else { nil } }
}
