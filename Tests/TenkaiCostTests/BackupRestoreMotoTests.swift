import Foundation
import Tenkai
import TenkaiCore
import TenkaiCost
import TenkaiDocs
import TenkaiStacks
import TestSupport
import Testing

/// The operator manual's backup and restore steps, run against the emulator (moto, signatures
/// checked, 127.0.0.1 only) on the tables and bucket the stamp-rally dev templates create: data
/// is written, changed, and restored, and the restored copies are read back.
///
/// moto's RestoreTableToPointInTime copies the table as it is when called (it ignores the time),
/// so the time check is on the on-demand backup; for RDS moto models the snapshot restore's
/// metadata only, so that part checks the restored instance comes up from the snapshot.
@Suite struct BackupRestoreMotoTests {
    struct Report: Decodable {
        struct Table: Decodable {
            var source: [String]
            var fromBackup: [String]
            var pitrStatus: String
            var pointInTime: [String]
        }
        struct Bucket: Decodable {
            var versions: Int
            var deleteMarkers: Int
            var restored: String
        }
        struct Database: Decodable {
            var status: String
            var engine: String
            var snapshots: [String]
        }
        var stacks: [String: String]
        var table: Table
        var bucket: Bucket
        var database: Database
    }

    static func assembly(_ system: String) throws -> (synthesis: Synthesis, assembly: CloudAssembly) {
        let synthesis = try Project.load(systems: allSystems, environmentsFolder: ProjectPaths.root.appendingPathComponent("Environments"))
            .selecting(systems: [system], environments: ["dev"])
            .synthesize(format: .json)[0]
        return (synthesis, try CloudAssembly(folder: URL(fileURLWithPath: "/tmp/\(system)/dev"), files: synthesis.files))
    }

    @Test func theManualsRestoreStepsGiveBackTheDataOnTheEmulator() async throws {
        let (synthesis, assembly) = try Self.assembly("stamp-rally")
        let manual = OperatorDocument(assembly: assembly, cost: nil).markdown
        let table = "stamp-rally-dev-users"
        // Bucket names end in the account and region: the manual writes the environment's account,
        // and moto creates the bucket in its own default account.
        let bucketName = { (account: String) in "stamp-rally-dev-uploads-\(account)-ap-northeast-1" }
        let bucket = bucketName("123456789012")
        #expect(manual.contains("aws dynamodb create-backup --region ap-northeast-1 --table-name \(table)"))
        #expect(manual.contains("--target-table-name \(table)-restored"))
        #expect(manual.contains("(S3 `\(bucketName(assembly.manifest.account))`)"))
        let database = "fileshare-dev-main"
        let fileshareManual = OperatorDocument(assembly: try Self.assembly("fileshare").assembly, cost: nil).markdown
        #expect(fileshareManual.contains("aws rds restore-db-instance-from-db-snapshot --region ap-northeast-1 --db-instance-identifier \(database)-restored"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var stacks: [String] = []
        for name in ["alerts", "data"] {
            let stack = try #require(synthesis.stacks.first { $0.stack.name == name })
            let file = folder.appendingPathComponent(stack.fileName)
            try Data(stack.bytes).write(to: file)
            stacks.append("\(stack.stack.stackName)=\(file.path)")
        }

        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let credentials = try #require(moto.credentials)
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
        let result = try await runProcess(
            ProjectPaths.venvTool("python"),
            [ProjectPaths.testData("restore/restore_on_moto.py").path, String(moto.port), "ap-northeast-1", table, bucket, database] + stacks,
            environment: environment)
        try #require(result.status == 0, "restore_on_moto.py failed: \(result.stderr)\n\(moto.log())")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))

        #expect(report.stacks.values.allSatisfy { $0 == "CREATE_COMPLETE" }, "\(report.stacks)")
        #expect(report.table.source == ["written 2", "written 3", "written 4"])
        // The backup was taken before item 4 was written and item 1 deleted.
        #expect(report.table.fromBackup == ["written 1", "written 2", "written 3"])
        #expect(report.table.pitrStatus == "ENABLED")
        #expect(report.table.pointInTime == report.table.source)
        #expect(report.bucket.versions == 2 && report.bucket.deleteMarkers == 1)
        #expect(report.bucket.restored == "first version")
        #expect(report.database.status == "available" && report.database.engine == "postgres")
        #expect(report.database.snapshots.contains("\(database)-manual"))
    }
}
