/// The local stand-ins for AWS services that several components share, with pinned images.
///
/// Every container that uses an AWS SDK gets dummy credentials, the region and the endpoint
/// variables (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SSM`), which
/// current AWS SDKs read, and waits for every stand-in's set-up job to finish.
public enum LocalAWS {
    public static let minioImage = "minio/minio:RELEASE.2025-04-22T22-12-26Z"
    public static let minioClientImage = "minio/mc:RELEASE.2025-04-16T18-13-26Z"
    public static let dynamoDBLocalImage = "amazon/dynamodb-local:2.6.1"
    public static let awsCLIImage = "amazon/aws-cli:2.17.0"
    public static let motoImage = "motoserver/moto:5.1.0"
    /// Holds the network namespace the containers of one task share.
    public static let pauseImage = "busybox:1.37"

    /// The credentials every local stand-in accepts (MinIO's root user is the same pair).
    public static let accessKeyID = "local"
    public static let secretAccessKey = "local-only-secret"

    /// `storage` (MinIO) plus `storage-setup`, which creates `bucket` (versioned if asked).
    public static func addBucket(_ bucket: String, versioned: Bool, to compose: inout ComposeContext) {
        compose.addVolume("storage-data")
        let storagePort = compose.freeHostPort(from: 9000)
        compose.shared("storage") {
            var storage = ComposeService(image: minioImage)
            storage.command = ["server", "/data"]
            storage.environment = ["MINIO_ROOT_USER": accessKeyID, "MINIO_ROOT_PASSWORD": secretAccessKey]
            storage.ports = ["\(storagePort):9000"]
            storage.volumes = ["storage-data:/data"]
            storage.healthcheck = .init(["CMD", "mc", "ready", "local"])
            return storage
        }
        compose.shared("storage-setup") {
            var setup = ComposeService(image: minioClientImage)
            setup.restart = .no
            setup.entrypoint = ["sh", "-c"]
            setup.command = ["set -e\nmc alias set local http://storage:9000 \(accessKeyID) \(secretAccessKey)\n"]
            setup.dependsOn = ["storage": .healthy]
            return setup
        } change: { setup in
            setup.command[0] += "mc mb --ignore-existing local/\(bucket)\n"
            if versioned { setup.command[0] += "mc version enable local/\(bucket)\n" }
        }
        compose.endpoint("AWS_ENDPOINT_URL_S3", "http://storage:9000", readyWhen: "storage-setup")
    }

    /// `dynamodb` (DynamoDB Local, in memory) plus `dynamodb-setup`, which runs `createTable`.
    public static func addTable(_ createTableArguments: String, named table: String, to compose: inout ComposeContext) {
        let region = compose.region
        let dynamoDBPort = compose.freeHostPort(from: 8000)
        compose.shared("dynamodb") {
            var dynamodb = ComposeService(image: dynamoDBLocalImage)
            dynamodb.command = ["-jar", "DynamoDBLocal.jar", "-sharedDb", "-inMemory"]
            dynamodb.ports = ["\(dynamoDBPort):8000"]
            dynamodb.healthcheck = .init(["CMD-SHELL", "curl -s -o /dev/null http://localhost:8000 || exit 1"])
            return dynamodb
        }
        compose.shared("dynamodb-setup") {
            var setup = cliJob(endpoint: "http://dynamodb:8000", region: region)
            setup.dependsOn = ["dynamodb": .healthy]
            return setup
        } change: { setup in
            setup.command[0] +=
                "aws dynamodb describe-table --table-name \(table) >/dev/null 2>&1 || aws dynamodb create-table \(createTableArguments) >/dev/null\n"
        }
        compose.endpoint("AWS_ENDPOINT_URL_DYNAMODB", "http://dynamodb:8000", readyWhen: "dynamodb-setup")
    }

    /// `parameters` (moto, for SSM Parameter Store) plus `parameters-setup`, which puts the parameter.
    public static func addParameter(_ name: String, type: String, value: String, to compose: inout ComposeContext) {
        let region = compose.region
        compose.shared("parameters") {
            var moto = ComposeService(image: motoImage)
            moto.healthcheck = .init([
                "CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:5000/moto-api/')",
            ])
            return moto
        }
        compose.shared("parameters-setup") {
            var setup = cliJob(endpoint: "http://parameters:5000", region: region)
            setup.dependsOn = ["parameters": .healthy]
            return setup
        } change: { setup in
            setup.command[0] +=
                "aws ssm put-parameter --overwrite --name \(name) --type \(type) --value \(shellQuoted(value)) >/dev/null\n"
        }
        compose.endpoint("AWS_ENDPOINT_URL_SSM", "http://parameters:5000", readyWhen: "parameters-setup")
    }

    /// A one-shot AWS CLI container pointed at a local endpoint, running a shell script.
    private static func cliJob(endpoint: String, region: String) -> ComposeService {
        var job = ComposeService(image: awsCLIImage)
        job.restart = .no
        job.entrypoint = ["sh", "-c"]
        job.command = ["set -e\n"]
        job.environment = [
            "AWS_ACCESS_KEY_ID": accessKeyID, "AWS_SECRET_ACCESS_KEY": secretAccessKey, "AWS_REGION": region,
            "AWS_ENDPOINT_URL": endpoint,
        ]
        return job
    }

    /// `text` as one single-quoted shell word.
    public static func shellQuoted(_ text: String) -> String {
        "'" + text.reduce(into: "") { result, character in result += character == "'" ? "'\\''" : String(character) } + "'"
    }
}
