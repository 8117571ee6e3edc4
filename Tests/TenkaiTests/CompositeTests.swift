import Tenkai
import TenkaiCore
import Testing

/// A composite is a component with its own path: its children sit under it in the component
/// tree, while their logical IDs, metadata and references stay those of direct stack members.
@Suite struct CompositeTests {
    /// A queue and a bucket grouped as one; it carries escape hatches of its own.
    struct ShopData: Composite, EscapeHatching {
        let name = "data"
        var kind: String { "ShopData" }
        var escapeHatches = EscapeHatches()
        let orders = Fixtures.queue("orders")
        let uploads = Bucket("uploads")
        var children: [any Component] { [orders, uploads] }
    }

    /// A composite inside a composite.
    struct ShopBackend: Composite {
        let name = "backend"
        var kind: String { "ShopBackend" }
        let data = ShopData()
        let audit = Fixtures.queue("audit")
        var children: [any Component] { [data, audit] }
    }

    @Test func childrenGetPathsUnderTheCompositeInTheTree() throws {
        let data = ShopData()
        let tree = try Fixtures.resolve(System("shop") { _ in Stack("store") { data } }).components
        #expect(tree.components.map(\.path) == ["shop/store/data", "shop/store/data/orders", "shop/store/data/uploads"])
        let composite = try #require(tree.component("shop/store/data"))
        #expect(composite.kinds == ["ShopData"] && composite.resources.isEmpty && composite.stack == "store")
        #expect(tree.component("shop/store/data/orders")?.resources.map(\.logicalID) == [data.orders.logicalID])
        #expect(tree.component("shop/store/data/uploads")?.kinds == ["Bucket"])
    }

    @Test func groupingChangesOnlyThePathMetadata() throws {
        let data = ShopData()
        let grouped = try Fixtures.resolve(System("shop") { _ in Stack("store") { data } })
        let flat = try Fixtures.resolve(System("shop") { _ in Stack("store") { data.orders; data.uploads } })
        // The same resources, logical IDs and properties: only the `tenkai:path` metadata (deploy's
        // messages, rule reports) names the composite, like the component tree.
        let groupedResources = grouped.stacks[0].template.resources, flatResources = flat.stacks[0].template.resources
        #expect(groupedResources.keys.sorted() == flatResources.keys.sorted())
        for (id, resource) in groupedResources {
            #expect(resource.properties == flatResources[id]?.properties, "\(id)")
            #expect(resource.metadata["tenkai:path"]?.stringValue?.hasPrefix("shop/store/data/") == true, "\(id)")
        }
        #expect(groupedResources[data.orders.logicalID]?.metadata["tenkai:path"] == "shop/store/data/orders")
        #expect(flatResources[data.orders.logicalID]?.metadata["tenkai:path"] == "shop/store/orders")
    }

    @Test func compositesNestAndTheirChildrenAreReferencedFromOtherStacks() throws {
        let backend = ShopBackend()
        let system = System("shop") { _ in
            Stack("store") { backend }
            Stack("work") { Fixtures.queue("jobs", deadLetter: backend.data.orders.arn) }
        }
        let resolved = try Fixtures.resolve(system)
        let tree = resolved.components
        #expect(tree.component("shop/store/backend/data/orders") != nil)
        #expect(tree.component("shop/store/backend/audit") != nil)
        #expect(tree.component("shop/store/backend/data")?.kinds == ["ShopData"])
        #expect(tree.component("shop/work/jobs")?.uses == ["shop/store/backend/data/orders"])
        let work = try #require(resolved.stacks.first { $0.name == "work" })
        #expect(work.dependencies == ["store"], "the reference to a child still links the stacks")
    }

    @Test func aCompositesSuppressionCoversEveryChildResource() throws {
        let data = ShopData().suppress(scanner: .checkov("CKV_AWS_27"), reason: "test data only")
        let resources = try Fixtures.resolve(System("shop") { _ in Stack("store") { data } }).stacks[0].template.resources
        #expect(resources[data.orders.logicalID]?.metadata["checkov"]?[path: "skip"]?.listValue?.count == 1)
        #expect(resources["UploadsBucket"]?.metadata["checkov"]?[path: "skip"]?.listValue?.count == 1)
    }

    @Test func aCompositesOverrideNamesTheChildResourceItChanges() throws {
        let data = ShopData()
        let changed = data.override("Properties.VisibilityTimeout", 90, on: data.orders.logicalID)
        let resources = try Fixtures.resolve(System("shop") { _ in Stack("store") { changed } }).stacks[0].template.resources
        #expect(resources[data.orders.logicalID]?.properties["VisibilityTimeout"] == 90)
        // Without a logical ID it would target the composite's own main resource, which it has not.
        let errors = Fixtures.errors(System("shop") { _ in Stack("store") { data.override("Properties.X", 1) } })
        #expect(errors.map(\.message) == ["an override targets '\(data.logicalID)', which this component does not create"], "\(errors)")
        #expect(errors.first?.hint == "it creates: \(data.orders.logicalID), UploadsBucket, UploadsBucketPolicy")
    }

    @Test func twoChildrenOfOneNameAndKindAreStillAnError() {
        let system = System("shop") { _ in
            Stack("store") {
                ShopData()
                Fixtures.queue("orders")
            }
        }
        #expect(Fixtures.errors(system).contains {
            $0.message == "two components would get the logical ID '\(Fixtures.queue("orders").logicalID)' (the other is shop/store/data/orders)"
        })
    }

    @Test func theDiagramDrawsTheChildrenNotAnEmptyBox() throws {
        let diagram = SystemDiagram(try Fixtures.resolve(System("shop") { _ in Stack("store") { ShopData() } }))
        #expect(diagram.stacks[0].components.map(\.path) == ["shop/store/data/orders", "shop/store/data/uploads"])
    }

    @Test func aCompositesChildrenRunLocally() throws {
        let file = try ComposeTranslator.translate(System("shop") { _ in Stack("store") { ShopData() } }, basedOn: Fixtures.dev, projectRoot: ".")
        let setup = try #require(file.services["storage-setup"], "the bucket inside the composite gets its local stand-in")
        #expect(setup.command.joined().contains("shop-local-uploads"))
    }
}
