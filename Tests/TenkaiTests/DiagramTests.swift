import Tenkai
import TenkaiCore
import Testing

@Suite struct DiagramTests {
    /// Queues and topics wired every way a template can: a GetAtt inside one stack, a `${…}` in a
    /// `Fn::Sub`, an export across stacks and a parameter across regions.
    static let shop = System("shop") { _ in
        let dead = Fixtures.queue("dead")
        let work = Fixtures.queue("work", deadLetter: dead.arn)
        let certificate = RawResource("cert", type: "AWS::CertificateManager::Certificate", properties: ["DomainName": "example.com"])
        Stack("shared") { dead }
        Stack("global", region: "us-east-1") { certificate }
        Stack("consumers") {
            work
            RawResource("alerts", type: "AWS::SNS::Topic", properties: ["DisplayName": .sub("${Work.QueueName}-${AWS::Region}")])
            RawResource("cdn", type: "AWS::SNS::Topic", properties: ["DisplayName": certificate.ref.value])
        }
    }

    @Test func everyKindOfReferenceBecomesALink() throws {
        let diagram = SystemDiagram(try Fixtures.resolve(Self.shop))
        #expect(diagram.stacks.map(\.name) == ["shared", "global", "consumers"], "deploy order")
        #expect(diagram.stacks.first { $0.name == "global" }?.region == "us-east-1")
        #expect(diagram.links == [
            .init(from: "shop/consumers/alerts", to: "shop/consumers/work"),
            .init(from: "shop/consumers/cdn", to: "shop/global/cert"),
            .init(from: "shop/consumers/work", to: "shop/shared/dead"),
        ])
        let consumers = try #require(diagram.stacks.last)
        #expect(consumers.components.map(\.name) == ["alerts", "cdn", "work"])
        #expect(consumers.components.map(\.services) == [["SNS"], ["SNS"], ["SQS"]])
    }

    @Test func mermaidNumbersTheNodesAndDrawsTheLinks() throws {
        let text = MermaidRenderer.render(SystemDiagram(try Fixtures.resolve(Self.shop)))
        #expect(text == """
            %% shop in dev, drawn by `tenkai synth --target diagram`
            flowchart LR
              subgraph t1["edge (outside the VPC)"]
                subgraph t1s1["global · us-east-1"]
                  c1["cert<br/>CertificateManager · 1 resource"]
                end
              end
              subgraph t2["AWS services (outside the VPC)"]
                subgraph t2s1["shared · ap-northeast-1"]
                  c2["dead<br/>SQS · 1 resource"]
                end
                subgraph t2s2["consumers · ap-northeast-1"]
                  c3["alerts<br/>SNS · 1 resource"]
                  c4["cdn<br/>SNS · 1 resource"]
                  c5["work<br/>SQS · 1 resource"]
                end
              end
              c3 --> c5
              c4 --> c1
              c5 --> c2

            """)
    }

    @Test func labelsCannotBreakOutOfTheirQuotes() {
        #expect(MermaidRenderer.escape(#"a "b" <c>"#) == "a #quot;b#quot; #lt;c#gt;")
    }
}
