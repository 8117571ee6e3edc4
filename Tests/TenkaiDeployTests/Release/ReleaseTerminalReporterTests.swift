import Synchronization
import Testing
@testable import TenkaiDeploy

@Suite struct ReleaseTerminalReporterTests {
    @Test func theReleaseIsOneRowWhoseStatusIsTheStepAndARollbackIsARedLineWithItsReason() {
        let written = Mutex("")
        let display = TerminalProgressReporter { text in written.withLock { $0 += text } }
        let reporter = ReleaseTerminalReporter(display)
        let target = ReleaseTarget(
            system: "fileshare", environment: "dev", service: "web", region: "us-east-1", cluster: "c",
            blue: .init(color: "blue", serviceName: "web", targetGroupArn: "b"), green: .init(color: "green", serviceName: "web-green", targetGroupArn: "g"),
            listenerArn: "l", containerName: "app", containerPort: 8080)
        reporter.report(.release(.releaseStep, target, status: "bake", message: "baking 5 min at 10% green"))
        #expect(written.withLock { $0 }.contains("BAKE"))
        #expect(written.withLock { $0 }.contains("baking 5 min at 10% green"))
        reporter.report(.release(.trafficShifted, target, status: "10", message: "blue 90 / green 10"))
        #expect(written.withLock { $0 }.contains("GREEN 10%"))
        reporter.report(.release(.rolledBack, target, status: "blue", reason: "alarm web-5xx is in ALARM", message: "all traffic on blue"))
        let text = written.withLock { $0 }
        #expect(text.contains("✗ release failed: all traffic on blue: alarm web-5xx is in ALARM"))
        #expect(text.contains("ROLLED BACK"))
    }

    @Test func aFailedHandBackShowsTheReleaseStandingOnGreenNotARefusal() {
        let written = Mutex("")
        let reporter = ReleaseTerminalReporter(TerminalProgressReporter { text in written.withLock { $0 += text } })
        let target = ReleaseTarget(
            system: "fileshare", environment: "dev", service: "web", region: "us-east-1", cluster: "c",
            blue: .init(color: "blue", serviceName: "web", targetGroupArn: "b"), green: .init(color: "green", serviceName: "web-green", targetGroupArn: "g"),
            listenerArn: "l", containerName: "app", containerPort: 8080)
        reporter.report(.release(.releaseFailed, target, status: "handBackFailed", reason: "released x: green serves it and is healthy, but blue could not take it back"))
        let text = written.withLock { $0 }
        #expect(text.contains("RELEASED, ON GREEN"))
        #expect(!text.contains("REFUSED"))
    }
}
