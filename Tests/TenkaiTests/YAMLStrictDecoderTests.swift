import TenkaiCore
import Testing

/// The strict decoder behind systems' settings, on nested maps and lists: every problem names
/// its dotted path and points at its line and column.
@Suite struct YAMLStrictDecoderTests {
    struct Settings: Decodable, Equatable {
        struct Database: Decodable, Equatable {
            var instanceClass: String
            var storageGiB: Int
        }
        var database: Database
        var zones: [String]
        var ratio: Double?
    }

    static func decode(_ text: String) throws(TenkaiError) -> Settings {
        let node = try YAMLParser.parse(Array(text.utf8), file: "dev.yaml")
        return try YAMLStrictDecoder.decode(Settings.self, from: node, path: "systems.shop")
    }

    static func problems(_ text: String) -> [Diagnostic] {
        do {
            _ = try decode(text)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func nestedMapsAndListsDecode() throws {
        let settings = try Self.decode("database:\n  instanceClass: db.t4g.micro\n  storageGiB: 20\nzones: [a, b]\nratio: 0.5\n")
        #expect(settings == Settings(database: .init(instanceClass: "db.t4g.micro", storageGiB: 20), zones: ["a", "b"], ratio: 0.5))
    }

    @Test func anUnknownNestedKeyNamesItsMap() {
        let found = Self.problems("database:\n  instanceClass: db.t4g.micro\n  storageGiB: 20\n  storageGB: 30\nzones: []\n")
        #expect(found.map(\.message) == ["unknown key 'storageGB' in 'systems.shop.database'"])
        #expect(found.first?.location == SourceLocation(file: "dev.yaml", line: 4, column: 3))
        #expect(found.first?.hint == "check its spelling (known: instanceClass, storageGiB), or remove it")
    }

    @Test func aWrongListItemNamesItsIndex() {
        let found = Self.problems("database:\n  instanceClass: db.t4g.micro\n  storageGiB: 20\nzones:\n  - a\n  - 7\n")
        #expect(found.map(\.message) == ["'systems.shop.zones[1]' must be text, not '7'"])
        #expect(found.first?.hint == "quote it: \"7\"")
        #expect(found.first?.location?.line == 6)
    }

    @Test func aMapWhereAValueBelongsIsAnError() {
        let found = Self.problems("database: db.t4g.micro\nzones: []\n")
        #expect(found.map(\.message) == ["'systems.shop.database' must be a map, not 'db.t4g.micro'"])
        let number = Self.problems("database:\n  instanceClass: db.t4g.micro\n  storageGiB: 20\nzones: []\nratio: half\n")
        #expect(number.map(\.message) == ["'systems.shop.ratio' must be a number, not 'half'"])
    }
}
