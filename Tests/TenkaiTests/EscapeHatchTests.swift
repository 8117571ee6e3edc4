import Tenkai
import TenkaiCore
import Testing

/// `.override` and `.suppress` keep the component's own type: its modifiers, references and
/// conformances stay usable after them, and what they change lands on its resources only.
@Suite struct EscapeHatchTests {
    @Test func anEscapeHatchReturnsTheSameComponentType() throws {
        // Modifiers after the escape hatches: this compiles only because the type is still Bucket.
        let files: Bucket = Bucket("files")
            .suppress(rule: .encryptionAtRest, reason: "vendor appliance cannot read SSE objects; OPS-142")
            .override("Properties.ObjectLockEnabled", true)
            .versioned(false)
            .retained()
        #expect(files.escapeHatches.overrides.count == 1 && files.escapeHatches.ruleSuppressions.count == 1)
        let component: any Component = files
        #expect(component is Bucket, "a suppressed bucket is still found by a cast to Bucket")
        let system = System("shop") { _ in Stack("data") { files } }
        let resource = try #require(try Fixtures.resolve(system).stacks[0].template.resources["FilesBucket"])
        #expect(resource.properties["ObjectLockEnabled"] == true)
        #expect(resource.properties["VersioningConfiguration"] == nil, "versioned(false), given after the override, still applies")
        #expect(resource.deletionPolicy == .retain)
        #expect(resource.metadata["tenkai:suppressions"]?.listValue?.count == 1)
    }

    @Test func suppressionsCoverTheirComponentOnlyAndAddUp() throws {
        let system = System("shop") { _ in
            Stack("data") {
                Fixtures.queue("jobs")
                    .suppress(scanner: .checkov("CKV_AWS_27"), reason: "the queue holds job IDs only, no customer data")
                    .suppress(scanner: .cfripper("SQSQueuePolicyNotPrincipalRule"), reason: "no queue policy at all; nothing to check")
                Fixtures.queue("other")
            }
        }
        let resources = try Fixtures.resolve(system).stacks[0].template.resources
        let jobs = try #require(resources[Fixtures.queue("jobs").logicalID])
        #expect(jobs.metadata["checkov"]?[path: "skip"]?.listValue?.count == 1)
        #expect(jobs.metadata["cfripper"]?[path: "ignore"]?.listValue?.count == 1)
        #expect(resources[Fixtures.queue("other").logicalID]?.metadata["checkov"] == nil)
    }

    @Test func badEscapeHatchesAreErrorsAtTheirComponent() {
        let system = System("shop") { _ in
            Stack("data") {
                Bucket("files")
                    .override("Tags", nil)
                    .suppress(rule: RuleID("no-such-rule"), reason: "because")
                    .suppress(scanner: .checkov("CKV_AWS_18"), reason: "  ")
            }
        }
        let errors = Fixtures.errors(system)
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.contains { $0.message == "override 'Tags' on FilesBucket: the path must start with Properties., or be DeletionPolicy, UpdateReplacePolicy or Condition" })
        #expect(errors.contains { $0.message == "cannot suppress 'no-such-rule': there is no such rule" })
        #expect(errors.contains { $0.message == "suppressing 'checkov:CKV_AWS_18' needs a written reason" })
        #expect(errors.allSatisfy { $0.componentPath == "shop/data/files" })
    }
}
