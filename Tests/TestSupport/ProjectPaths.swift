import Foundation

/// Where things are in this checkout, found from this file's own path so tests work from any
/// working directory.
public enum ProjectPaths {
    /// The package root (the folder holding `Package.swift`).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// A command-line tool from the project's Python virtual environment (`make test-deps` creates it).
    public static func venvTool(_ name: String) -> URL {
        root.appendingPathComponent(".venv/bin/\(name)")
    }

    /// checkov or cfripper, from their own virtual environment (`.venv-scanners`, made by scripts/setup.sh).
    public static func scannerTool(_ name: String) -> URL {
        root.appendingPathComponent(".venv-scanners/bin/\(name)")
    }

    /// A test-data folder of this checkout (test data is copied in, so a fresh clone needs nothing else).
    public static func testData(_ relativePath: String) -> URL {
        root.appendingPathComponent("Tests/Data/\(relativePath)")
    }
}
