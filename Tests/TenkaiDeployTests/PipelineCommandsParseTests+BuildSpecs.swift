import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import Testing

extension PipelineCommandsParseTests {
    /// What the AWS-native pipeline's CodeBuild projects hold in their variables (the pipeline
    /// variables the Image and Plan stages export, and the image repository).
    static let buildSpecValues: [String: String] = [
        "RELEASE_PLAN_ID": String(repeating: "1", count: 64),
        "RELEASE_IMAGE": "333333333333.dkr.ecr.ap-northeast-1.amazonaws.com/fileshare@sha256:" + String(repeating: "b", count: 64),
    ]

    /// The buildspecs of the file share's production pipeline stack (CodePipeline and CodeBuild),
    /// each named by its project, as the rendered template holds them.
    static func codePipelineBuildSpecs(environments: [EnvironmentConfig]) throws -> [(path: String, text: String)] {
        let prod = try #require(environments.first { $0.name == "prod" })
        let synthesis = try Synthesis(try Resolver.resolve(fileShare, in: prod), format: .json)
        let pipeline = try #require(synthesis.stacks.first { $0.stack.name == "pipeline" })
        let root = try #require(try JSONSerialization.jsonObject(with: Data(pipeline.bytes)) as? [String: Any])
        let resources = root["Resources"] as? [String: [String: Any]] ?? [:]
        return resources.filter { $0.value["Type"] as? String == "AWS::CodeBuild::Project" }.sorted { $0.key < $1.key }.compactMap { id, resource in
            let spec = ((resource["Properties"] as? [String: Any])?["Source"] as? [String: Any])?["BuildSpec"]
            let text = (spec as? String) ?? ((spec as? [String: Any])?["Fn::Sub"] as? [Any])?.first as? String
            return text.map { ("pipeline.template.json#\(id)", $0) }
        }
    }
}
