import Foundation
import Hashing
import TenkaiCore
import TenkaiCost

/// Small assemblies made by hand, so each estimate can be checked against a total worked out
/// on paper; and a price sheet of round numbers to make that arithmetic easy.
enum CostFixtures {
    static let environmentYAML = """
        name: dev
        tier: development
        account: "111111111111"
        region: ap-northeast-1
        multiAZ: false
        domain: dev.example.com

        """

    /// A price sheet with every required key at 1.0, and these prices set.
    static func sheet(_ prices: [String: Double]) -> PriceSheet {
        var all: [String: PriceSheet.Price] = [:]
        for key in PriceSheet.requiredKeys {
            all[key] = PriceSheet.Price(price: 1, unit: "unit", source: "https://example.com/", date: "2026-12-05")
        }
        for (key, price) in prices {
            all[key] = PriceSheet.Price(price: price, unit: "unit", source: "https://example.com/", date: "2026-12-05")
        }
        return PriceSheet(region: "ap-northeast-1", currency: "USD", prices: all, file: "test-prices.json")
    }

    /// An assembly of system `shop` in `dev`: one template per stack (JSON text) and the tree.
    static func assembly(
        stacks: [(name: String, template: String)], components: [ComponentTree.Component], environment: String = environmentYAML
    ) throws -> CloudAssembly {
        let environmentBytes = Array(environment.utf8)
        let config = try EnvironmentLoader.parse(environmentBytes, file: "environment.yaml", expectedName: "dev")
        var files: [(path: String, bytes: [UInt8])] = [("environment.yaml", environmentBytes)]
        var entries: [AssemblyManifest.Stack] = []
        for stack in stacks {
            let bytes = Array(stack.template.utf8)
            let file = "\(stack.name).template.json"
            files.append((file, bytes))
            entries.append(
                AssemblyManifest.Stack(
                    name: stack.name, stackName: "shop-dev-\(stack.name)", region: "ap-northeast-1", template: file,
                    sha256: SHA256.hex(bytes), bytes: bytes.count, resources: 0, dependsOn: [], parameters: [], outputs: [], tags: [:]))
        }
        let manifest = AssemblyManifest(
            system: "shop", environment: config, format: "json", environmentSHA256: SHA256.hex(environmentBytes), stacks: entries)
        files.append((AssemblyManifest.fileName, JSONRenderer.render(manifest.value)))
        files.append((ComponentTree.fileName, JSONRenderer.render(ComponentTree(system: "shop", environment: "dev", components: components).value)))
        return try CloudAssembly(folder: URL(fileURLWithPath: "/tmp/shop/dev"), files: files)
    }
}
