import TenkaiCore

extension PipelineBuild {
    /// The stages after the tests build tenkai from the commit they release, then run it.
    static let buildTenkai = "make build"
    static let tenkai = ".build/release/tenkai"
    /// Stops the build unless `IMAGE_DIGEST` is a SHA-256 digest, before anything is released by it.
    static let checkImageDigest = #"printf '%s' "$IMAGE_DIGEST" | grep -Eqx 'sha256:[0-9a-f]{64}'"#

    func buildSpec(coverageReports: Value) -> Value {
        switch self {
        case .test(let command):
            let spec = BuildSpecText(commands: ["scripts/setup.sh", command], postBuild: [
                #"llvm-cov export -format=lcov "$(swift build --show-bin-path)/TenkaiPackageTests.xctest" -instr-profile "$(swift build --show-bin-path)/codecov/default.profdata" > coverage.lcov"#,
            ])
            return .sub(spec.text + """

                reports:
                  ${CoverageReportGroup}:
                    files:
                      - coverage.lcov
                    file-format: LCOVINFO
                """, ["CoverageReportGroup": coverageReports])
        case .image(let dockerfile):
            return .string(BuildSpecText(exportedVariables: ["IMAGE_TAG", "IMAGE_DIGEST"], commands: [
                #"IMAGE_TAG="$CODEBUILD_RESOLVED_SOURCE_VERSION""#,
                #"aws ecr get-login-password | docker login --username AWS --password-stdin "${IMAGE_REPOSITORY%%/*}""#,
                #"docker build -f \#(dockerfile) -t "$IMAGE_REPOSITORY:$IMAGE_TAG" ."#,
                #"docker push "$IMAGE_REPOSITORY:$IMAGE_TAG""#,
                #"IMAGE_DIGEST=$(docker inspect --format '{{index .RepoDigests 0}}' "$IMAGE_REPOSITORY:$IMAGE_TAG" | sed 's/^.*@//')"#,
                Self.checkImageDigest,
            ]).text)
        case .release(let system):
            return Self.tenkaiSpec([
                #"account=$(sed -n 's/^account:[[:space:]]*"\{0,1\}\([0-9]\{12\}\)"\{0,1\}.*/\1/p' "Environments/$TENKAI_ENV.yaml")"#,
                #"printf '[profile release]\nrole_arn = arn:aws:iam::%s:role/tenkai-deploy-%s\ncredential_source = EcsContainer\n' "$account" "$TENKAI_ENV" > /tmp/aws-config"#,
                #"AWS_CONFIG_FILE=/tmp/aws-config AWS_PROFILE=release \#(Self.tenkai) deploy --env "$TENKAI_ENV" --system \#(system) --json > events.jsonl"#,
            ])
        case .plan(let environment, let system):
            return Self.tenkaiSpec(exporting: ["PLAN_ID", "RELEASE_PLAN_ID", "RELEASE_IMAGE"], [
                "\(Self.tenkai) plan --env \(environment) --system \(system) --json > plan.json",
                "PLAN_ID=\(PlanIDShell.extracting(from: "plan.json"))",
                Self.checkImageDigest,
                #"RELEASE_IMAGE="$IMAGE_REPOSITORY@$IMAGE_DIGEST""#,
                #"\#(Self.tenkai) plan release --env \#(environment) --system \#(system) --image "$RELEASE_IMAGE" > release-plan.json"#,
                "RELEASE_PLAN_ID=\(PlanIDShell.extracting(from: "release-plan.json"))",
            ])
        case .deploy(let environment, let system, _):
            return Self.tenkaiSpec([
                Self.showPlan("PLAN_ID", environment: environment),
                #"\#(Self.tenkai) deploy --env \#(environment) --system \#(system) --plan "$PLAN_ID" --json > events.jsonl"#,
            ])
        case .releaseImage(let environment, let system, _):
            // The plan ID and the image arrive as environment variables, never spliced into the script.
            return Self.tenkaiSpec([
                Self.showPlan("RELEASE_PLAN_ID", environment: environment),
                #"\#(Self.tenkai) release --env \#(environment) --system \#(system) --image "$RELEASE_IMAGE" --plan "$RELEASE_PLAN_ID" --json > release-events.jsonl"#,
            ])
        }
    }

    /// A stage that builds tenkai, then runs `commands`.
    private static func tenkaiSpec(exporting variables: [String] = [], _ commands: [String]) -> Value {
        .string(BuildSpecText(exportedVariables: variables, commands: [buildTenkai] + commands).text)
    }

    /// Prints the approved plan in the variable `variable` and its approvals into the build's log.
    private static func showPlan(_ variable: String, environment: String) -> String {
        #"\#(tenkai) plan show "$\#(variable)" --env \#(environment)"#
    }
}
