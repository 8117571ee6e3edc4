import TenkaiCore

extension RuleID {
    /// Auto Scaling groups checked by their load balancer give a new instance time to boot.
    public static let bootGrace = RuleID("boot-grace")
}

extension Rule {
    /// How long an instance may take from launch to its app answering: AWS's own default grace
    /// period (the console's 300 s, "to keep a new instance in service before terminating it",
    /// Amazon EC2 Auto Scaling User Guide, "Set the health check grace period"). A boot that
    /// installs packages and pulls an image with cloud-init, as ``AppServers`` does, needs it.
    public static let bootSeconds = 300

    /// An Auto Scaling group with `HealthCheckType: ELB` replaces an instance its target group
    /// has not yet seen healthy once the grace period ends. Too short a grace for a real boot
    /// and every new instance is terminated before its app answers: the group never fills, and
    /// a release waiting for green to be healthy times out. The grace must cover the boot
    /// (``bootSeconds``) and then the target group's healthy threshold × interval (defaults
    /// 5 × 30 s for HTTP). Values computed at deploy time are not judged.
    public static let bootGrace = Rule(
        .bootGrace, summary: "Groups checked by a load balancer give new instances time to boot",
        hint: "set HealthCheckGracePeriod to at least \(bootSeconds) s plus the target group's HealthyThresholdCount × HealthCheckIntervalSeconds"
    ) { subject in
        guard subject.resource.type == "AWS::AutoScaling::AutoScalingGroup",
              subject.properties["HealthCheckType"]?.stringValue == "ELB" else { return [] }
        let grace = subject.properties["HealthCheckGracePeriod"].map { $0.intValue ?? Int($0.stringValue ?? "") } ?? 0
        guard let grace else { return [] }
        let targetGroups = subject.properties["TargetGroupARNs"]?.stringsOfOneOrMany.compactMap(\.referencedLogicalID) ?? []
        let toHealthy = targetGroups.compactMap { subject.template.resources[$0] }.map(Self.secondsToHealthy).max() ?? secondsToHealthy(nil)
        let needed = bootSeconds + toHealthy
        guard grace < needed else { return [] }
        return ["\(subject.logicalID) replaces an instance its load balancer has not seen healthy after \(grace) s; "
                + "a boot takes up to \(bootSeconds) s and the target group needs \(toHealthy) s more to call it healthy (\(needed) s)"]
    }

    /// Healthy threshold × interval of a target group (ELB's defaults where unset or computed).
    public static func secondsToHealthy(_ targetGroup: Resource?) -> Int {
        let properties = targetGroup?.properties ?? [:]
        let threshold = properties["HealthyThresholdCount"]?.intValue ?? 5
        let interval = properties["HealthCheckIntervalSeconds"]?.intValue ?? 30
        return threshold * interval
    }
}
