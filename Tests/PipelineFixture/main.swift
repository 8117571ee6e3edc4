// `tenkai` built with one small system instead of this repository's three: the CLI is the same
// (TenkaiCLI), the system is one moto can deploy whole. PipelineWorkflowTests renders the CI
// workflows with it and runs their commands in order against moto.
import Tenkai
import TenkaiCLI

/// One stack, one bucket. SSE-S3, not production's own KMS key: moto's change sets lose the
/// key's `Fn::GetAtt` target.
let notes = System("notes") { _ in
    Stack("data") { Bucket("files").encryption(.s3Managed) }
}

await TenkaiCommand.main(systems: [notes])
