import ArgumentParser

/// The commands that talk to AWS, registered on `tenkai` in one place.
let deploySubcommands: [any ParsableCommand.Type] = [
    BootstrapCommand.self, DiffCommand.self, DeployCommand.self, PlanCommand.self, ApproveCommand.self,
    StatusCommand.self, DestroyCommand.self, ReleaseCommand.self,
]
