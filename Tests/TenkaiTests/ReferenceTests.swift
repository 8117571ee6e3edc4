import Tenkai
import TenkaiCore
import Testing

@Suite struct ReferenceTests {
    @Test func insideOneStackAReferenceIsAGetAtt() throws {
        let system = System("shop") { _ in
            let dead = Fixtures.queue("dead")
            Stack("queues") { dead; Fixtures.queue("work", deadLetter: dead.arn) }
        }
        let stack = try Fixtures.resolve(system).stacks[0]
        #expect(stack.template.resources["Work"]?.properties["RedrivePolicy"]?[path: "deadLetterTargetArn"] == .getAtt("Dead", "Arn"))
        #expect(stack.template.outputs.isEmpty)
        #expect(stack.dependencies.isEmpty)
    }

    @Test func acrossStacksItBecomesAnExportAnImportAndAnEdge() throws {
        let system = System("shop") { _ in
            let dead = Fixtures.queue("dead")
            Stack("consumers") { Fixtures.queue("work", deadLetter: dead.arn) }
            Stack("shared") { dead }
        }
        let resolved = try Fixtures.resolve(system)
        #expect(resolved.stacks.map(\.name) == ["shared", "consumers"], "the producer deploys first")
        let shared = try #require(resolved.stack(named: "shared"))
        let consumers = try #require(resolved.stack(named: "consumers"))
        #expect(consumers.dependencies == ["shared"])
        #expect(shared.template.outputs["DeadArn"]?.exportName == "shop-dev-shared-DeadArn")
        #expect(shared.template.outputs["DeadArn"]?.value == .getAtt("Dead", "Arn"))
        #expect(
            consumers.template.resources["Work"]?.properties["RedrivePolicy"]?[path: "deadLetterTargetArn"]
                == .importValue("shop-dev-shared-DeadArn"))
    }

    @Test func referencesInsideSubStringsAreLinkedToo() throws {
        let system = System("shop") { _ in
            Stack("a") { Fixtures.queue("dead") }
            Stack("b") {
                RawResource("topic", type: "AWS::SNS::Topic", properties: ["DisplayName": .sub("${Dead.QueueName}-${AWS::Region}")])
            }
        }
        let b = try #require(try Fixtures.resolve(system).stack(named: "b"))
        #expect(
            b.template.resources["Topic"]?.properties["DisplayName"]
                == .function(
                    "Fn::Sub",
                    ["${DeadQueueName}-${AWS::Region}", ["DeadQueueName": .importValue("shop-dev-a-DeadQueueName")]]))
        #expect(b.dependencies == ["a"])
    }

    @Test func acrossRegionsItBecomesAParameterFilledFromAnOutput() throws {
        let system = System("site") { _ in
            let certificate = RawResource("cert", type: "AWS::CertificateManager::Certificate", properties: ["DomainName": "example.com"])
            Stack("global", region: "us-east-1") { certificate }
            Stack("edge") {
                RawResource("cdn", type: "AWS::SNS::Topic", properties: ["DisplayName": certificate.ref.value])
            }
        }
        let resolved = try Fixtures.resolve(system)
        let global = try #require(resolved.stack(named: "global"))
        let edge = try #require(resolved.stack(named: "edge"))
        #expect(global.region == "us-east-1")
        #expect(edge.region == "ap-northeast-1")
        #expect(global.template.outputs["CertRef"]?.exportName == nil, "exports do not cross regions")
        #expect(edge.template.parameters["CertRef"] != nil)
        #expect(edge.parameterSources["CertRef"] == OutputSource(stack: "global", output: "CertRef"))
        #expect(edge.template.resources["Cdn"]?.properties["DisplayName"] == .ref("CertRef"))
        #expect(edge.dependencies == ["global"])
    }

    @Test func aCycleBetweenStacksNamesTheComponentsOnIt() {
        let system = System("loop") { _ in
            let first = Fixtures.queue("first", deadLetter: Reference("Second", attribute: "Arn", kind: .arn, component: "second"))
            let second = Fixtures.queue("second", deadLetter: Reference("First", attribute: "Arn", kind: .arn, component: "first"))
            Stack("one") { first }
            Stack("two") { second }
        }
        let errors = Fixtures.errors(system)
        let cycle = errors.first { $0.message.contains("cycle") }
        #expect(cycle != nil)
        #expect(cycle?.message.contains("one → two → one") == true)
        #expect(cycle?.message.contains("loop/one/first uses Second") == true)
        #expect(cycle?.message.contains("loop/two/second uses First") == true)
    }

    @Test func aReferenceToNothingIsAnErrorAtTheUsingComponent() {
        let system = System("shop") { _ in
            Stack("queues") {
                Fixtures.queue("work", deadLetter: Reference("Missing", attribute: "Arn", kind: .arn, component: "missing"))
            }
        }
        let errors = Fixtures.errors(system)
        #expect(errors.count == 1)
        #expect(errors.first?.componentPath == "shop/queues/work")
        #expect(errors.first?.message.contains("'Missing'") == true)
    }
}
